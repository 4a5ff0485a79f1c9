using System.Text.RegularExpressions;

namespace Ddim.Notebooks;

/// <summary>
/// The offline assets embedded in every HTML page: KaTeX (CSS with its fonts as data URIs, the renderer and its
/// auto-render extension) and plotly.js, all from npm packages installed by environment/setup.sh.
/// </summary>
public sealed partial class ReportAssets
{
    public required string KatexCss { get; init; }
    public required string KatexJs { get; init; }
    public required string KatexAutoRenderJs { get; init; }
    public required string PlotlyJs { get; init; }

    /// <summary>Finds <c>environment/node_modules</c> above <paramref name="start"/> (or uses DDIM_ASSETS).</summary>
    public static ReportAssets Locate(string start)
    {
        string? modules = Environment.GetEnvironmentVariable("DDIM_ASSETS");
        for (var dir = new DirectoryInfo(start); modules is null && dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "environment", "node_modules");
            if (Directory.Exists(candidate)) modules = candidate;
        }
        if (modules is null || !File.Exists(Path.Combine(modules, "katex", "dist", "katex.min.js")) || !File.Exists(Path.Combine(modules, "plotly.js-dist-min", "plotly.min.js")))
            throw new NotebookException("HTML assets (KaTeX, plotly.js) not found in environment/node_modules. Run environment/setup.sh (it runs npm ci in environment/).");
        return Load(modules);
    }

    private static ReportAssets Load(string modules)
    {
        string katex = Path.Combine(modules, "katex", "dist");
        string css = File.ReadAllText(Path.Combine(katex, "katex.min.css"));
        // Keep only the woff2 source of each font and inline it, so the page needs no files beside it.
        css = OtherFontFormats().Replace(css, "");
        css = Woff2Url().Replace(css, m =>
            $"url(data:font/woff2;base64,{Convert.ToBase64String(File.ReadAllBytes(Path.Combine(katex, "fonts", m.Groups[1].Value)))})");
        return new ReportAssets
        {
            KatexCss = css,
            KatexJs = File.ReadAllText(Path.Combine(katex, "katex.min.js")),
            KatexAutoRenderJs = File.ReadAllText(Path.Combine(katex, "contrib", "auto-render.min.js")),
            PlotlyJs = File.ReadAllText(Path.Combine(modules, "plotly.js-dist-min", "plotly.min.js")),
        };
    }

    [GeneratedRegex(@",url\(fonts/[^)]+\.(?:woff|ttf)\) format\(""(?:woff|truetype)""\)")]
    private static partial Regex OtherFontFormats();

    [GeneratedRegex(@"url\(fonts/([^)]+\.woff2)\)")]
    private static partial Regex Woff2Url();
}
