using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Ddim.Teaching.Native;

/// <summary>
/// Makes TorchSharp's native libraries load on this platform, in any host (console, test host, notebook kernel).
/// Two known problems are handled, each only where it applies, each reported in one line:
/// <list type="number">
/// <item><c>libLibTorchSharp.so</c> (TorchSharp 0.107.0) declares a need for <c>GLIBCXX_3.4.32</c>, which Debian 12's
/// libstdc++ lacks. Only one unused-at-runtime symbol carries that version, so the need is marked weak.</item>
/// <item>A distribution libtorch (e.g. Debian's <c>python3-torch</c>) can be picked up by TorchSharp's bare-name
/// <c>dlopen</c>. The package's <c>libc10</c>, <c>libtorch_cpu</c> and <c>libtorch</c> are loaded first by full path.</item>
/// </list>
/// With <c>DDIM_LIBTORCH</c> set (<see cref="LibTorchChoice"/>), that folder's libtorch is loaded by full path instead of
/// the package's (a CUDA libtorch, or PyTorch's own <c>torch/lib</c>); TorchSharp then binds to the libraries already loaded.
/// </summary>
public static class TorchNative
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private static readonly object Gate = new();
    private static bool _done;

    /// <summary>Lines describing what <see cref="Ensure"/> changed (empty when nothing was needed).</summary>
    public static IReadOnlyList<string> Actions { get; private set; } = [];

    /// <summary>Where libtorch was asked to come from: the NuGet package, or the folder named by <c>DDIM_LIBTORCH</c>.</summary>
    public static string LibTorchSource { get; private set; } = "the libtorch-cpu NuGet package";

    /// <summary>Why the libtorch of <c>DDIM_LIBTORCH</c> could not be loaded, naming the versions and the fix; null when it loaded.</summary>
    public static string? LoadError { get; private set; }

    /// <summary>The folder the process actually mapped <c>libtorch_cpu.so</c> from (read from /proc/self/maps), once torch is loaded.</summary>
    public static string? LoadedLibTorchFolder()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return null;
        string? line = File.ReadLines(maps).FirstOrDefault(l => l.EndsWith("/libtorch_cpu.so", StringComparison.Ordinal));
        return line is null ? null : Path.GetDirectoryName(line[line.IndexOf('/')..]);
    }

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

            if (LoadChosenLibTorch(torchSharpDirs, actions))
            {
                foreach (var a in actions) log.WriteLine("Ddim.Teaching set-up: " + a);
                if (LoadError is not null) log.WriteLine("Ddim.Teaching set-up: error: " + LoadError);
                Actions = actions;
                return;
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

    // DDIM_LIBTORCH: load that folder's libraries, then LibTorchSharp against them; false when the variable is unset.
    private static bool LoadChosenLibTorch(IEnumerable<string> torchSharpDirs, List<string> actions)
    {
        string? value = Environment.GetEnvironmentVariable(LibTorchChoice.Variable);
        string? folder;
        try
        {
            folder = LibTorchChoice.Folder(value);
        }
        catch (InvalidOperationException e)
        {
            LoadError = e.Message;
            return true;
        }
        if (folder is null) return false;
        string version = LibTorchChoice.VersionIn(folder) ?? "of unknown version";
        LibTorchSource = $"{LibTorchChoice.Variable} = {folder} (LibTorch {version})";
        string? binding = torchSharpDirs.Select(d => Path.Combine(d, "libLibTorchSharp.so")).FirstOrDefault(File.Exists);
        // TorchSharp's first-use probe loads "torch_cpu" by name: libtorch copies beside the app would be found first and
        // map a second libtorch into the process (it aborts on start). A build for an existing libtorch has none.
        string? copies = torchSharpDirs.FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")) && Path.GetFullPath(d) != folder);
        if (copies is not null)
        {
            LoadError = $"{LibTorchChoice.Variable} is set, but this build carries the libtorch-cpu package in {copies}, which TorchSharp would load as well. " +
                        $"Build with -p:DdimTorchBackend=external (README, GPU), or unset {LibTorchChoice.Variable}.";
            return true;
        }
        try
        {
            // By full path, in dependency order; TorchSharp's by-name loads then find these (same soname).
            foreach (var lib in LibTorchChoice.Libraries.Select(l => Path.Combine(folder, l)).Where(File.Exists))
                NativeLibrary.Load(lib);
            if (binding is not null)
                NativeLibrary.Load(binding);
        }
        catch (DllNotFoundException e)
        {
            LoadError = $"TorchSharp {TorchSharpVersion("TorchSharp")} (built for LibTorch {LibTorchChoice.ExpectedVersion}) cannot bind the libtorch in {folder} " +
                        $"(LibTorch {version}): {e.Message.Split('\n')[0]} Use a LibTorch {LibTorchChoice.ExpectedVersion[..^2]}.x folder, or unset {LibTorchChoice.Variable}.";
            return true;
        }
        actions.Add($"loaded libtorch from {folder} (LibTorch {version}, as {LibTorchChoice.Variable} asks)" +
                    (version.Length > 0 && char.IsDigit(version[0]) && !LibTorchChoice.MatchesExpected(version)
                        ? $"; TorchSharp is built for LibTorch {LibTorchChoice.ExpectedVersion}, so this nearby version is untested here" : ""));
        return true;
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
