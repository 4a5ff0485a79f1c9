using System.Net;
using System.Text;

namespace Ddim.Notebooks;

/// <summary>Runs a list of notebooks in order, with progress and timing, and writes the outputs and an index page.</summary>
public static class CourseRun
{
    /// <summary>The profiles a run may set (<c>DDIM_PROFILE</c>): quick (CPU-sized, the default) and full (GPU-sized).</summary>
    public static readonly string[] Profiles = ["quick", "full"];

    /// <summary>Runs <paramref name="paths"/> in order, writing each executed notebook, its page and the index to <paramref name="outDir"/>; returns the process exit code (0 when every notebook passed).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> paths, string outDir, int cellTimeoutSeconds, string? profile)
    {
        // The kernel redirects Console while a cell runs (a timed-out cell keeps running): report through the real streams.
        TextWriter stdout = Console.Out, stderr = Console.Error;
        if (profile is not null)
        {
            if (!Profiles.Contains(profile))
                throw new NotebookException($"Unknown profile '{profile}'. Use --profile quick (CPU-sized, default) or --profile full (GPU-sized).");
            Environment.SetEnvironmentVariable("DDIM_PROFILE", profile);
        }
        if (cellTimeoutSeconds <= 0)
            throw new NotebookException($"--cell-timeout must be a positive number of seconds (got {cellTimeoutSeconds}).");

        // Validate every notebook before running any, so a typo in the list fails in a second, not after the course.
        var documents = paths.Select(NotebookDocument.Load).ToList();
        var assets = ReportAssets.Locate(Environment.CurrentDirectory);
        Directory.CreateDirectory(outDir);
        string outFull = Path.GetFullPath(outDir);

        assets.WriteTo(outFull);
        var runner = new NotebookRunner(TimeSpan.FromSeconds(cellTimeoutSeconds));
        var exporter = new HtmlExporter();
        var results = new List<NotebookRunResult>();
        stdout.WriteLine($"Running {documents.Count} notebook(s), profile {Environment.GetEnvironmentVariable("DDIM_PROFILE") ?? "quick"}, output {outFull}");
        for (int i = 0; i < documents.Count; i++)
        {
            var doc = documents[i];
            stdout.WriteLine($"[{i + 1}/{documents.Count}] {doc.Name}");
            var result = await runner.RunAsync(doc, line => stdout.WriteLine("    " + line));
            results.Add(result);
            doc.Save(Path.Combine(outFull, doc.Name + ".ipynb"));
            string htmlPath = Path.Combine(outFull, doc.Name + ".html");
            await File.WriteAllTextAsync(htmlPath, exporter.Render(doc, result, Links(documents, i)));
            if (result.Failure is { } f)
            {
                stderr.WriteLine($"FAILED {doc.Path}, cell {f.CellNumber} ({f.FirstLine}): {f.Error}");
                break;
            }
            stdout.WriteLine($"    ok: {result.CodeCellsRun} code cells in {result.Elapsed.TotalSeconds:0.0} s -> {htmlPath}");
        }
        await File.WriteAllTextAsync(Path.Combine(outFull, "index.html"), Index(documents, results));
        bool ok = results.Count == documents.Count && results.All(r => r.Succeeded);
        stdout.WriteLine(ok
            ? $"All {documents.Count} notebook(s) ran. Report: {Path.Combine(outFull, "index.html")}"
            : $"Run failed. Partial report: {Path.Combine(outFull, "index.html")}");
        return ok ? 0 : 1;
    }

    /// <summary>
    /// Writes the HTML pages of notebooks without running them (markdown, math and any outputs saved in the file), with the
    /// shared assets and an index: a quick look at the prose, and what the page tests check for math.
    /// </summary>
    public static async Task<int> ExportAsync(IReadOnlyList<string> paths, string outDir)
    {
        var documents = paths.Select(NotebookDocument.Load).ToList();
        var assets = ReportAssets.Locate(Environment.CurrentDirectory);
        string outFull = Path.GetFullPath(outDir);
        Directory.CreateDirectory(outFull);
        assets.WriteTo(outFull);
        var exporter = new HtmlExporter();
        for (int i = 0; i < documents.Count; i++)
            await File.WriteAllTextAsync(Path.Combine(outFull, documents[i].Name + ".html"), exporter.Render(documents[i], null, Links(documents, i)));
        await File.WriteAllTextAsync(Path.Combine(outFull, "index.html"), Index(documents, []));
        Console.WriteLine($"Wrote {documents.Count} page(s) to {outFull} (not executed). Index: {Path.Combine(outFull, "index.html")}");
        return 0;
    }

    private static PageLinks Links(IReadOnlyList<NotebookDocument> documents, int i) =>
        new("index.html", i > 0 ? documents[i - 1].Name : null, i + 1 < documents.Count ? documents[i + 1].Name : null);

    private static string Index(IReadOnlyList<NotebookDocument> documents, IReadOnlyList<NotebookRunResult> results)
    {
        var rows = new StringBuilder();
        for (int i = 0; i < documents.Count; i++)
        {
            string name = WebUtility.HtmlEncode(documents[i].Name);
            string status = i < results.Count
                ? results[i].Failure is { } f ? $"failed at cell {f.CellNumber}: {WebUtility.HtmlEncode(f.Error)}" : "ok"
                : "not run";
            string time = i < results.Count ? $"{results[i].Elapsed.TotalSeconds:0.0} s" : "";
            rows.Append($"<tr><td><a href=\"{name}.html\">{name}</a></td><td>{status}</td><td>{time}</td></tr>\n");
        }
        return $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ddim.Teaching course report</title>
            <style>body{"{"}font-family:system-ui,sans-serif;margin:2rem{"}"} td,th{"{"}border:1px solid #ddd;padding:4px 10px{"}"} table{"{"}border-collapse:collapse{"}"}</style>
            </head><body><h1>Ddim.Teaching: executed course</h1>
            <p>Profile: {Environment.GetEnvironmentVariable("DDIM_PROFILE") ?? "quick"}. Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>
            <table><tr><th>notebook</th><th>status</th><th>time</th></tr>
            {rows}</table></body></html>
            """;
    }
}
