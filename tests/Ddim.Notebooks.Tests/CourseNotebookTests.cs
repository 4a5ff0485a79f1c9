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
    public void Setup_notebook_html_renders_plot_and_math_offline_in_headless_chromium()
    {
        string outDir = Repo.TempDir();
        var r = Repo.RunRunner("run", "--out", outDir, "notebooks/00-setup.ipynb");
        Assert.True(r.ExitCode == 0, r.Err);
        string html = Path.Combine(outDir, "00-setup.html");
        string page = File.ReadAllText(html);
        Assert.Equal(1, Occurrences(page, "plotly.js v2.28.0")); // embedded once per page, not per chart
        Assert.DoesNotContain("<script src=\"http", page);
        Assert.DoesNotContain("<link rel=\"stylesheet\" href=\"http", page);

        string dom = DumpDom(html);
        Assert.Contains("class=\"main-svg\"", dom);            // plotly drew its SVG
        Assert.Contains("class=\"katex\"", dom);               // KaTeX typeset the markdown math
        Assert.Contains("data:image/png;base64,", dom);        // the SkiaSharp image grid is inline
    }

    private static int Occurrences(string text, string needle)
    {
        int count = 0;
        for (int at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>Loads the page in headless Chromium with the network off and returns the DOM after its scripts ran.</summary>
    private static string DumpDom(string htmlPath)
    {
        string chromium = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
            : throw new InvalidOperationException("Chromium not found at /usr/bin/chromium: run environment/setup.sh (it installs Debian's chromium).");
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--proxy-server=127.0.0.1:9", "--user-data-dir=" + Repo.TempDir(), "--virtual-time-budget=15000",
                     "--dump-dom", new Uri(htmlPath).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var dom = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); throw new TimeoutException("chromium --dump-dom timed out"); }
        return dom.Result;
    }
}
