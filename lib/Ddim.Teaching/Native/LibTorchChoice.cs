using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ddim.Teaching.Native;

/// <summary>
/// Which libtorch to load, from <see cref="Variable"/>: unset means the libtorch-cpu NuGet package; a folder means the
/// libtorch in it (e.g. a CUDA libtorch, or PyTorch's own <c>torch/lib</c>); <c>python</c> means the <c>torch/lib</c> of
/// the PyTorch that <c>python3</c> imports. TorchSharp 0.107 is built against LibTorch <see cref="ExpectedVersion"/>; a
/// nearby version can work (PyTorch 2.11's libtorch binds without undefined symbols) but is not guaranteed.
/// </summary>
public static partial class LibTorchChoice
{
    /// <summary>Environment variable naming the libtorch folder, or <c>python</c>.</summary>
    public const string Variable = "DDIM_LIBTORCH";

    /// <summary>The LibTorch version TorchSharp 0.107 is built against (and that the libtorch-cpu package holds).</summary>
    public const string ExpectedVersion = "2.10.0";

    /// <summary>The libraries loaded by full path, in dependency order; the CUDA ones only where the folder has them.</summary>
    public static readonly string[] Libraries = ["libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"];

    /// <summary>
    /// The folder <paramref name="value"/> (the variable's value) asks for, or null for the NuGet package.
    /// <paramref name="pythonTorchLib"/> finds PyTorch's <c>torch/lib</c> for <c>python</c> (default: ask <c>python3</c>).
    /// Throws <see cref="InvalidOperationException"/> with the fix when the folder has no libtorch.
    /// </summary>
    public static string? Folder(string? value, Func<string?>? pythonTorchLib = null)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        string folder = value.Trim();
        if (folder.Equals("python", StringComparison.OrdinalIgnoreCase))
        {
            folder = (pythonTorchLib ?? PythonTorchLib)()
                ?? throw new InvalidOperationException(
                    $"{Variable}=python, but `python3 -c \"import torch\"` found no PyTorch. Install PyTorch, set {Variable} to a libtorch lib folder, or unset it to use the libtorch-cpu package.");
        }
        folder = Path.GetFullPath(folder);
        if (!File.Exists(Path.Combine(folder, "libtorch_cpu.so")))
            throw new InvalidOperationException(
                $"{Variable}={value}: {folder} holds no libtorch_cpu.so. Point it at a libtorch 'lib' folder (e.g. .../site-packages/torch/lib), use {Variable}=python, or unset it.");
        return folder;
    }

    /// <summary>
    /// The LibTorch version of the libtorch in <paramref name="folder"/>, read from PyTorch's <c>torch/version.py</c> or a
    /// libtorch distribution's <c>build-version</c> beside it, or a NuGet package folder's version; null when none says.
    /// </summary>
    public static string? VersionIn(string folder)
    {
        if (PackageVersion().Match(folder.Replace('\\', '/')) is { Success: true } package)
            return package.Groups[1].Value;
        string parent = Path.GetDirectoryName(Path.GetFullPath(folder).TrimEnd('/')) ?? folder;
        string python = Path.Combine(parent, "version.py");
        if (File.Exists(python) && PythonVersion().Match(File.ReadAllText(python)) is { Success: true } m)
            return m.Groups[1].Value;
        string build = Path.Combine(parent, "build-version");
        return File.Exists(build) ? File.ReadAllText(build).Trim() : null;
    }

    /// <summary>Whether <paramref name="version"/> (e.g. "2.11.0+cu130") has the major and minor of <see cref="ExpectedVersion"/>.</summary>
    public static bool MatchesExpected(string version) =>
        version.StartsWith(ExpectedVersion[..ExpectedVersion.LastIndexOf('.')] + ".", StringComparison.Ordinal);

    private static string? PythonTorchLib()
    {
        try
        {
            var start = new ProcessStartInfo("python3", ["-c", "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start);
            if (process is null) return null;
            string output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && Directory.Exists(output) ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no python3 on the PATH
        }
    }

    [GeneratedRegex(@"/libtorch-[a-z0-9.-]+-linux-x64/(\d+\.\d+\.\d+)/")]
    private static partial Regex PackageVersion();

    [GeneratedRegex(@"__version__\s*=\s*['""]([^'""]+)['""]")]
    private static partial Regex PythonVersion();
}
