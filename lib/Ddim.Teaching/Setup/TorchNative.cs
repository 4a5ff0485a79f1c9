using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Ddim.Teaching.Setup;

/// <summary>
/// Makes TorchSharp's native libraries load on this platform, in any host (console, test host, notebook kernel).
/// Two known problems are handled, each only where it applies, each reported in one line:
/// <list type="number">
/// <item><c>libLibTorchSharp.so</c> (TorchSharp 0.107.0) declares a need for <c>GLIBCXX_3.4.32</c>, which Debian 12's
/// libstdc++ lacks. Only one unused-at-runtime symbol carries that version, so the need is marked weak.</item>
/// <item>A distribution libtorch (e.g. Debian's <c>python3-torch</c>) can be picked up by TorchSharp's bare-name
/// <c>dlopen</c>. The package's <c>libc10</c>, <c>libtorch_cpu</c> and <c>libtorch</c> are loaded first by full path.</item>
/// </list>
/// </summary>
public static class TorchNative
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private static readonly object Gate = new();
    private static bool _done;

    /// <summary>Lines describing what <see cref="Ensure"/> changed (empty when nothing was needed).</summary>
    public static IReadOnlyList<string> Actions { get; private set; } = [];

    /// <summary>Idempotent; call before the first torch call (the library's module initializer does).</summary>
    public static void Ensure(TextWriter? log = null)
    {
        lock (Gate)
        {
            if (_done) return;
            _done = true;
            if (!OperatingSystem.IsLinux()) return;
            log ??= Console.Error;
            var actions = new List<string>();

            var torchSharpDirs = NativeDirs("TorchSharp", "torchsharp").ToList();
            if (!SystemLibStdCxxHas(MissingVersion))
            {
                foreach (var dir in torchSharpDirs)
                {
                    string so = Path.Combine(dir, "libLibTorchSharp.so");
                    if (File.Exists(so) && ElfVersionNeeds.MarkWeak(so, MissingVersion))
                        actions.Add($"marked {MissingVersion} weak in {so} (the system libstdc++ lacks it)");
                }
            }

            string? libtorchDir = NativeDirs("TorchSharp", LibTorchPackages)
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));
            if (libtorchDir is not null)
            {
                foreach (var lib in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
                {
                    string full = Path.Combine(libtorchDir, lib);
                    if (File.Exists(full)) NativeLibrary.Load(full);
                }
                string? system = SystemLibTorch();
                if (system is not null)
                    actions.Add($"loaded libtorch from {libtorchDir} first (a system libtorch at {system} would otherwise be picked up)");
            }

            foreach (var a in actions) log.WriteLine("Ddim.Teaching set-up: " + a);
            Actions = actions;
        }
    }

    private static readonly string[] LibTorchPackages = ["libtorch-cpu-linux-x64", "libtorch-cuda-12.8-linux-x64"];

    private static IEnumerable<string> NativeDirs(string assemblyName, params string[] packageIds)
    {
        var seen = new HashSet<string>();
        // 1. Beside the loaded/loadable managed assembly (build output of a console app or test host).
        foreach (var baseDir in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(TorchNative).Assembly.Location) })
        {
            if (string.IsNullOrEmpty(baseDir)) continue;
            foreach (var d in new[] { baseDir, Path.Combine(baseDir, "runtimes", "linux-x64", "native") })
                if (Directory.Exists(d) && seen.Add(Path.GetFullPath(d))) yield return Path.GetFullPath(d);
        }
        // 2. The NuGet package folder (notebook kernels load TorchSharp from there).
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string? torchSharpVersion = TorchSharpVersion(assemblyName);
        foreach (var id in packageIds)
        {
            string root = Path.Combine(packages, id);
            if (!Directory.Exists(root)) continue;
            var versions = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>();
            if (id == "torchsharp" && torchSharpVersion is not null)
                versions = versions.Where(v => v == torchSharpVersion);
            foreach (var v in versions.OrderDescending())
            {
                string d = Path.Combine(root, v, "runtimes", "linux-x64", "native");
                if (Directory.Exists(d) && seen.Add(d)) yield return d;
            }
        }
    }

    private static string? TorchSharpVersion(string assemblyName)
    {
        var name = typeof(TorchNative).Assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == assemblyName);
        return name?.Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : null;
    }

    private static readonly string[] LibDirs = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"];

    private static bool SystemLibStdCxxHas(string version)
    {
        var lib = LibDirs.Select(d => Path.Combine(d, "libstdc++.so.6")).FirstOrDefault(File.Exists);
        if (lib is null) return true; // nothing to compare against: leave files alone
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return File.ReadAllBytes(lib).AsSpan().IndexOf(needle) >= 0;
    }

    private static string? SystemLibTorch() =>
        LibDirs.Select(d => Path.Combine(d, "libtorch_cpu.so")).FirstOrDefault(File.Exists);
}
