using System.Diagnostics;

namespace Ddim.Notebooks.Tests;

/// <summary>Every course notebook runs top to bottom on the quick profile, and its HTML page renders offline.</summary>
public class CourseNotebookTests
{
    public static TheoryData<string> Notebooks() => new(Repo.CourseNotebooks().Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Course_notebook_runs_headless_on_the_quick_profile(string notebook)
    {
        string outDir = Repo.TempDir();
        string path = Path.Combine("notebooks", notebook);
        int codeCells = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, path)))!["cells"]!.AsArray()
            .Count(c => c!["cell_type"]!.GetValue<string>() == "code");
        Repo.Progress($"notebook {notebook}: started ({codeCells} code cells, at most {Repo.CellTimeoutSeconds} s each)");
        var clock = Stopwatch.StartNew();
        var r = Repo.RunRunner(["run", "--cell-timeout", Repo.CellTimeoutSeconds.ToString(), "--out", outDir, path], codeCells,
            line => { if (line.Contains("timed out") || line.TrimStart().StartsWith("ok:")) Repo.Progress($"notebook {notebook}: {line.Trim()}"); });
        Repo.Progress($"notebook {notebook}: {(r.ExitCode == 0 ? "passed" : "FAILED")} in {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(r.ExitCode == 0, $"{notebook} failed:\n{r.Err}\n{r.Out}");
        string name = Path.GetFileNameWithoutExtension(notebook);
        Assert.True(File.Exists(Path.Combine(outDir, name + ".ipynb")));
        Assert.True(File.Exists(Path.Combine(outDir, name + ".html")));
    }

    [Fact]
    public void Setup_notebook_page_draws_its_charts_and_math_offline_from_shared_assets_and_stays_small()
    {
        string outDir = Repo.TempDir();
        var r = Repo.RunRunner("run", "--out", outDir, "notebooks/00-setup.ipynb");
        Assert.True(r.ExitCode == 0, r.Err);
        string html = Path.Combine(outDir, "00-setup.html");
        string page = File.ReadAllText(html);
        Assert.DoesNotContain("plotly.js v", page);             // plotly.js is shared beside the page, not embedded
        Assert.Contains("src=\"assets/plotly.min.js\"", page);
        Assert.True(File.Exists(Path.Combine(outDir, "assets", "plotly.min.js")));
        Assert.True(File.Exists(Path.Combine(outDir, "assets", "katex", "katex.min.js")));
        Assert.True(new FileInfo(html).Length < 1_000_000, $"00-setup.html is {new FileInfo(html).Length:N0} bytes; pages must stay under 1 MB");
        Assert.DoesNotContain("<script src=\"http", page);
        Assert.DoesNotContain("<link rel=\"stylesheet\" href=\"http", page);

        string dom = Chromium.DumpDom(html);
        Assert.Contains("class=\"main-svg\"", dom);            // plotly drew its SVG (from file://)
        // Both charts drew: Plotly.NET's and XPlot.Plotly's (the course shows that learners' XPlot code works here).
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(dom, "class=\"[^\"]*js-plotly-plot").Count);
        Assert.Contains("drawn by XPlot.Plotly", dom);
        Assert.Contains("class=\"katex\"", dom);               // KaTeX typeset the markdown math
        Assert.Contains("data:image/png;base64,", dom);        // the SkiaSharp image grid is inline
    }

    [Fact]
    public void Every_course_page_typesets_all_its_math_with_no_raw_tex_left_and_wraps_every_code_line()
    {
        string outDir = Repo.TempDir();
        var notebooks = Repo.CourseNotebooks().ToList();
        var r = Repo.RunRunner(["export", "--out", outDir, .. notebooks], codeCells: 1);
        Assert.True(r.ExitCode == 0, r.Err);
        var problems = new List<string>();
        foreach (var notebook in notebooks)
        {
            string name = Path.GetFileNameWithoutExtension(notebook);
            var audit = Chromium.AuditPage(Path.Combine(outDir, name + ".html"));
            if (audit.Typeset == 0) problems.Add($"{name}: no equation typeset");
            if (audit.Errors > 0) problems.Add($"{name}: {audit.Errors} KaTeX error(s)");
            problems.AddRange(audit.RawTex.Select(t => $"{name}: raw TeX in the text: ...{t}..."));
            problems.AddRange(audit.Overflowing.Select(b => $"{name}: a block wider than the page, lines clipped: {b}"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
