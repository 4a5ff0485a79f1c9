using System.Runtime.InteropServices;

namespace Ddim.Teaching.Native;

/// <summary>
/// Lets SkiaSharp find <c>libSkiaSharp.so</c> in hosts whose dependency manifest does not list it (notebook kernels load the
/// library from its build folder, where the native file sits under <c>runtimes/linux-x64/native</c>).
/// </summary>
public static class SkiaNative
{
    private static int _registered;

    /// <summary>Makes SkiaSharp's native library loadable in this process (once; later calls do nothing).</summary>
    public static void Ensure()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _registered, 1) == 1) return;
        var skia = typeof(SkiaSharp.SKBitmap).Assembly;
        try
        {
            NativeLibrary.SetDllImportResolver(skia, (name, assembly, searchPath) =>
            {
                if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle)) return handle;
                foreach (var dir in Candidates())
                {
                    string full = Path.Combine(dir, "libSkiaSharp.so");
                    if (name.Contains("SkiaSharp") && File.Exists(full)) return NativeLibrary.Load(full);
                }
                return IntPtr.Zero;
            });
        }
        catch (InvalidOperationException)
        {
            // The host already set a resolver for SkiaSharp: it knows where the library is.
        }
    }

    private static IEnumerable<string> Candidates()
    {
        string? here = Path.GetDirectoryName(typeof(SkiaNative).Assembly.Location);
        if (!string.IsNullOrEmpty(here)) yield return Path.Combine(here, "runtimes", "linux-x64", "native");
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
    }
}
