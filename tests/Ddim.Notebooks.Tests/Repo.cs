using System.Diagnostics;

namespace Ddim.Notebooks.Tests;

/// <summary>Paths in the repository and a way to run the notebook runner as the main job does.</summary>
internal static class Repo
{
    public static readonly string Root = FindRoot();

    public static string Notebooks => Path.Combine(Root, "notebooks");

    public static IEnumerable<string> CourseNotebooks() =>
        Directory.GetFiles(Notebooks, "*.ipynb").Where(p => char.IsDigit(Path.GetFileName(p)[0])).Order();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ddim.Teaching.sln"))) return dir.FullName;
        throw new InvalidOperationException("Ddim.Teaching.sln not found above " + AppContext.BaseDirectory);
    }

    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>
    /// The runner's own per-cell limit in the tests (seconds): <c>DDIM_CELL_TIMEOUT</c> when set, else the runner's default.
    /// The process as a whole gets that limit for every code cell plus start-up, so a busy machine slows a run down without
    /// failing it, while a hung one is still stopped.
    /// </summary>
    public static int CellTimeoutSeconds =>
        int.TryParse(Environment.GetEnvironmentVariable("DDIM_CELL_TIMEOUT"), out int s) && s > 0 ? s : 600;

    /// <summary>Runs <c>ddim-notebooks</c> with the given arguments in the repository root.</summary>
    public static Result RunRunner(params string[] args) => RunRunner(args, codeCells: 1);

    /// <summary>
    /// Runs <c>ddim-notebooks</c> in the repository root, allowing <paramref name="codeCells"/> times the per-cell limit.
    /// Each line the runner prints goes to <paramref name="progress"/> as it arrives.
    /// </summary>
    public static Result RunRunner(string[] args, int codeCells, Action<string>? progress = null)
    {
        string dll = Path.Combine(Root, "lib", "Ddim.Notebooks", "bin", "Debug", "net10.0", "ddim-notebooks.dll");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DDIM_PROFILE"] = "quick";
        var stdout = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.AppendLine(e.Data);
            progress?.Invoke(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = TimeSpan.FromSeconds((double)CellTimeoutSeconds * Math.Max(1, codeCells) + 180);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ddim-notebooks did not finish within {limit.TotalMinutes:0} minutes ({codeCells} code cells): " + string.Join(' ', args));
        }
        process.WaitForExit(); // drains the asynchronous stdout reader
        lock (stdout) return new Result(process.ExitCode, stdout.ToString(), stderr.Result);
    }

    /// <summary>
    /// Appends a line to the file named by <c>DDIM_TEST_PROGRESS</c> (environment/test.sh shows it live while the tests
    /// run, since the test host prints nothing until a test ends); does nothing when it is unset.
    /// </summary>
    public static void Progress(string line)
    {
        if (Environment.GetEnvironmentVariable("DDIM_TEST_PROGRESS") is not { Length: > 0 } path) return;
        lock (ProgressLock) File.AppendAllText(path, $"{DateTime.Now:HH:mm:ss} {line}{Environment.NewLine}");
    }

    private static readonly object ProgressLock = new();

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ddim-nb-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes a notebook with the given code cells (a markdown title first).</summary>
    public static string WriteNotebook(string dir, string name, params string[] codeCells)
    {
        var cells = new List<object> { new { cell_type = "markdown", metadata = new { }, source = "# test notebook" } };
        cells.AddRange(codeCells.Select(c => (object)new { cell_type = "code", metadata = new { }, execution_count = (int?)null, outputs = Array.Empty<object>(), source = c }));
        var nb = new { cells, metadata = new { kernelspec = new { name = ".net-csharp", language = "C#", display_name = ".NET (C#)" } }, nbformat = 4, nbformat_minor = 5 };
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(nb));
        return path;
    }
}
