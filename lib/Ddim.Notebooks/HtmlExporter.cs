using System.Net;
using System.Text;
using Markdig;

namespace Ddim.Notebooks;

/// <summary>The pages a page links to: the index, and the previous and next notebooks' pages (null at the ends).</summary>
public sealed record PageLinks(string Index, string? Previous, string? Next);

/// <summary>
/// Writes an executed notebook as an HTML page that works offline: markdown rendered by Markdig (math kept away from its
/// inline rules, see <see cref="MathSpans"/>), LaTeX by KaTeX, charts by plotly.js, both loaded from the shared
/// <see cref="ReportAssets.Folder"/> beside the pages. Chart outputs made for Jupyter load plotly through require.js from a
/// CDN; a small shim answers those require calls with the shared plotly instead. Each code cell shows the seconds it took.
/// </summary>
public sealed partial class HtmlExporter
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UsePipeTables().UseGridTables().UseEmphasisExtras().UseAutoLinks().UseListExtras().UseFootnotes()
        .UseTaskLists().UseAutoIdentifiers().Build();

    /// <summary>The self-contained HTML page of <paramref name="notebook"/> (with the run's outputs and timing when <paramref name="result"/> is given, and navigation links).</summary>
    public string Render(NotebookDocument notebook, NotebookRunResult? result, PageLinks? links = null)
    {
        var body = new StringBuilder();
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.IsMarkdown)
            {
                body.Append("<section class=\"markdown\">").Append(MarkdownToHtml(cell.Source)).Append("</section>\n");
                continue;
            }
            if (!cell.IsCode) continue;
            string time = cell.ElapsedSeconds is { } seconds ? $" <span class=\"time\">{Seconds(seconds)}</span>" : "";
            body.Append($"<section class=\"code\" id=\"cell-{i + 1}\"><div class=\"label\">[{i + 1}]{time}</div><pre class=\"source\"><code>")
                .Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>\n");
            foreach (var output in cell.Outputs) body.Append(RenderOutput(output));
            body.Append("</section>\n");
        }

        string status = result switch
        {
            null => "",
            { Failure: { } f } => $"<div class=\"status failed\">Failed at cell {f.CellNumber} ({WebUtility.HtmlEncode(f.FirstLine)}): {WebUtility.HtmlEncode(f.Error)}</div>",
            _ => $"<div class=\"status ok\">Executed {result.CodeCellsRun} code cells in {result.Elapsed.TotalSeconds:0.0} s.{Slowest(notebook)}</div>",
        };
        string nav = Navigation(links);

        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(notebook.Name)}}</title>
            <link rel="stylesheet" href="{{ReportAssets.KatexCss}}">
            <style>{{PageCss}}</style>
            <script src="{{ReportAssets.PlotlyJs}}"></script>
            <script>{{RequireShim}}</script>
            <script src="{{ReportAssets.KatexJs}}"></script>
            <script src="{{ReportAssets.KatexAutoRenderJs}}"></script>
            </head><body><main>
            {{nav}}
            <header><h1 class="title">{{WebUtility.HtmlEncode(notebook.Name)}}</h1>{{status}}</header>
            {{body}}
            {{nav}}
            </main>
            <script>
            renderMathInElement(document.body, {
              delimiters: [{left: "\\[", right: "\\]", display: true}, {left: "\\(", right: "\\)", display: false}],
              ignoredClasses: ["source", "output-text"], throwOnError: false });
            </script>
            </body></html>
            """;
    }

    /// <summary>Markdown to HTML with math protected, and links to notebooks turned into links to their pages.</summary>
    public static string MarkdownToHtml(string markdown)
    {
        var (text, math) = MathSpans.Protect(markdown);
        string html = MathSpans.Restore(Markdig.Markdown.ToHtml(text, Markdown), math);
        return NotebookLink().Replace(html, "href=\"$1.html$2\"");
    }

    private static string Navigation(PageLinks? links)
    {
        if (links is null) return "";
        string Link(string? page, string label) => page is null
            ? $"<span class=\"disabled\">{label}</span>"
            : $"<a href=\"{WebUtility.HtmlEncode(page)}.html\">{label}: {WebUtility.HtmlEncode(page)}</a>";
        return $"<nav class=\"pages\">{Link(links.Previous, "&larr; previous")} <a href=\"{WebUtility.HtmlEncode(links.Index)}\">index</a> {Link(links.Next, "next &rarr;")}</nav>";
    }

    private static string Slowest(NotebookDocument notebook)
    {
        var slow = notebook.Cells.Select((c, i) => (Number: i + 1, Seconds: c.ElapsedSeconds ?? 0)).Where(c => c.Seconds >= 1)
            .OrderByDescending(c => c.Seconds).Take(3).ToList();
        return slow.Count == 0 ? "" : " Slowest: " + string.Join(", ", slow.Select(c => $"<a href=\"#cell-{c.Number}\">cell {c.Number}</a> ({Seconds(c.Seconds)})")) + ".";
    }

    private static string Seconds(double s) => s < 10 ? $"{s:0.00} s" : $"{s:0} s";

    /// <summary>A relative link to a notebook (<c>name.ipynb</c>, optionally with an anchor); web addresses are left alone.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"href=""(?![a-z]+:)([^""#]+?)\.ipynb(#[^""]*)?""")]
    private static partial System.Text.RegularExpressions.Regex NotebookLink();

    private static string RenderOutput(System.Text.Json.Nodes.JsonObject output)
    {
        string kind = output["output_type"]?.GetValue<string>() ?? "";
        switch (kind)
        {
            case "stream":
                return $"<pre class=\"output-text {output["name"]}\">{WebUtility.HtmlEncode(output["text"]?.GetValue<string>() ?? "")}</pre>\n";
            case "error":
                return $"<pre class=\"output-text error\">{WebUtility.HtmlEncode(output["ename"] + ": " + output["evalue"])}</pre>\n";
            case "display_data" or "execute_result":
                var data = output["data"]?.AsObject();
                if (data is null) return "";
                if (data["text/html"]?.GetValue<string>() is { } html) return $"<div class=\"output-html\">{html}</div>\n";
                if (data["image/png"]?.GetValue<string>() is { } png) return $"<img class=\"output-image\" src=\"data:image/png;base64,{png}\">\n";
                if (data["text/plain"]?.GetValue<string>() is { } text) return $"<pre class=\"output-text\">{WebUtility.HtmlEncode(text)}</pre>\n";
                return "";
            default:
                return "";
        }
    }

    private const string RequireShim = """
        window.requirejs = window.require = function (deps, callback) { if (callback) callback(window.Plotly); };
        window.requirejs.config = function () { return window.requirejs; };
        """;

    private const string PageCss = """
        body { font-family: system-ui, sans-serif; margin: 0; background: #fafafa; color: #222; }
        main { max-width: 1000px; margin: 0 auto; padding: 1rem 2rem 4rem; background: #fff; }
        section.markdown { line-height: 1.55; }
        section.code { margin: 0.8rem 0; }
        .label { font: 12px monospace; color: #888; }
        pre.source { background: #f4f6f8; border-left: 3px solid #4a78c2; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
        .label .time { color: #4a78c2; }
        nav.pages { display: flex; justify-content: space-between; padding: 0.6rem 0; font-size: 0.95rem; }
        nav.pages .disabled { color: #bbb; }
        span.math.display { display: block; text-align: center; margin: 0.6em 0; }
        pre.output-text { background: #fff; border-left: 3px solid #ccc; padding: 0.4rem 0.6rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
        pre.error { border-left-color: #c0392b; color: #c0392b; }
        pre.stderr { color: #a05a00; }
        .status { padding: 0.5rem; border-radius: 4px; } .status.ok { background: #e8f5e9; } .status.failed { background: #fdecea; }
        img.output-image { max-width: 100%; image-rendering: pixelated; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: 2px 8px; }
        """;
}
