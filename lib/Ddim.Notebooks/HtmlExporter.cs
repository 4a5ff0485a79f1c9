using System.Net;
using System.Text;
using Markdig;

namespace Ddim.Notebooks;

/// <summary>
/// Writes an executed notebook as one self-contained HTML page that works offline: markdown rendered by Markdig, LaTeX by
/// KaTeX, charts by plotly.js embedded once in the page head. Chart outputs made for Jupyter load plotly through
/// require.js from a CDN; a small shim in the head answers those require calls with the embedded plotly instead.
/// </summary>
public sealed class HtmlExporter(ReportAssets assets)
{
    // Not UseAdvancedExtensions(): its generic-attributes extension reads "{...}" in headings, which eats LaTeX such as $x_{t-1}$.
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder()
        .UseMathematics().UsePipeTables().UseGridTables().UseEmphasisExtras().UseAutoLinks().UseListExtras().UseFootnotes()
        .UseTaskLists().UseAutoIdentifiers().Build();

    public string Render(NotebookDocument notebook, NotebookRunResult? result)
    {
        var body = new StringBuilder();
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.IsMarkdown)
            {
                body.Append("<section class=\"markdown\">").Append(Markdig.Markdown.ToHtml(DisplayMathBlocks(cell.Source), Markdown)).Append("</section>\n");
                continue;
            }
            if (!cell.IsCode) continue;
            body.Append($"<section class=\"code\" id=\"cell-{i + 1}\"><div class=\"label\">[{i + 1}]</div><pre class=\"source\"><code>")
                .Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>\n");
            foreach (var output in cell.Outputs) body.Append(RenderOutput(output));
            body.Append("</section>\n");
        }

        string status = result switch
        {
            null => "",
            { Failure: { } f } => $"<div class=\"status failed\">Failed at cell {f.CellNumber} ({WebUtility.HtmlEncode(f.FirstLine)}): {WebUtility.HtmlEncode(f.Error)}</div>",
            _ => $"<div class=\"status ok\">Executed {result.CodeCellsRun} code cells in {result.Elapsed.TotalSeconds:0.0} s.</div>",
        };

        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{WebUtility.HtmlEncode(notebook.Name)}}</title>
            <style>{{assets.KatexCss}}</style>
            <style>{{PageCss}}</style>
            <script>{{assets.PlotlyJs}}</script>
            <script>{{RequireShim}}</script>
            <script>{{assets.KatexJs}}</script>
            <script>{{assets.KatexAutoRenderJs}}</script>
            </head><body><main>
            <header><h1 class="title">{{WebUtility.HtmlEncode(notebook.Name)}}</h1>{{status}}</header>
            {{body}}
            </main>
            <script>
            renderMathInElement(document.body, {
              delimiters: [{left: "$$", right: "$$", display: true}, {left: "\\[", right: "\\]", display: true},
                           {left: "$", right: "$", display: false}, {left: "\\(", right: "\\)", display: false}],
              ignoredClasses: ["source", "output-text"], throwOnError: false });
            </script>
            </body></html>
            """;
    }

    /// <summary>
    /// Jupyter shows a line holding only <c>$$...$$</c> as display math; Markdig reads it as inline math unless the
    /// delimiters stand on their own lines, so such lines are split.
    /// </summary>
    private static string DisplayMathBlocks(string markdown) =>
        System.Text.RegularExpressions.Regex.Replace(markdown, @"^[ \t]*\$\$(.+?)\$\$[ \t]*$", "$$$$\n$1\n$$$$",
            System.Text.RegularExpressions.RegexOptions.Multiline);

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
        pre.source { background: #f4f6f8; border-left: 3px solid #4a78c2; padding: 0.6rem; overflow-x: auto; }
        pre.output-text { background: #fff; border-left: 3px solid #ccc; padding: 0.4rem 0.6rem; overflow-x: auto; white-space: pre-wrap; }
        pre.error { border-left-color: #c0392b; color: #c0392b; }
        pre.stderr { color: #a05a00; }
        .status { padding: 0.5rem; border-radius: 4px; } .status.ok { background: #e8f5e9; } .status.failed { background: #fdecea; }
        img.output-image { max-width: 100%; image-rendering: pixelated; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: 2px 8px; }
        """;
}
