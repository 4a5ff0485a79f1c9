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

    /// <summary>Runs <c>ddim-notebooks</c> with the given arguments in the repository root.</summary>
    public static Result RunRunner(params string[] args)
    {
        string dll = Path.Combine(Root, "lib", "Ddim.Notebooks", "bin", "Debug", "net10.0", "ddim-notebooks.dll");
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DDIM_PROFILE"] = "quick";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("ddim-notebooks did not finish within 15 minutes: " + string.Join(' ', args));
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

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
