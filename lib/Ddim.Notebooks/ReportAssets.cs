using System.Text.RegularExpressions;

namespace Ddim.Notebooks;

/// <summary>
/// The offline assets the HTML pages share: KaTeX (CSS, its woff2 fonts, the renderer and its auto-render extension) and
/// plotly.js, from npm packages installed by environment/setup.sh. One copy is written into an <c>assets</c> folder beside
/// the pages, which load it by relative path, so each page stays small and still works from <c>file://</c>.
/// </summary>
public sealed partial class ReportAssets
{
    /// <summary>The folder name beside the pages, and the paths the pages use.</summary>
    public const string Folder = "assets";
    /// <summary>KaTeX's stylesheet, relative to a page.</summary>
    public const string KatexCss = Folder + "/katex/katex.min.css";
    /// <summary>KaTeX's renderer, relative to a page.</summary>
    public const string KatexJs = Folder + "/katex/katex.min.js";
    /// <summary>KaTeX's auto-render extension, relative to a page.</summary>
    public const string KatexAutoRenderJs = Folder + "/katex/auto-render.min.js";
    /// <summary>plotly.js, relative to a page.</summary>
    public const string PlotlyJs = Folder + "/plotly.min.js";

    private readonly string _modules;

    private ReportAssets(string modules) => _modules = modules;

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
        return new ReportAssets(modules);
    }

    /// <summary>Writes the shared copy into <c>&lt;outDir&gt;/assets</c> (overwriting an older one).</summary>
    public void WriteTo(string outDir)
    {
        string katex = Path.Combine(_modules, "katex", "dist");
        string fonts = Path.Combine(outDir, Folder, "katex", "fonts");
        Directory.CreateDirectory(fonts);
        // Every browser the course targets reads woff2: keep only that source of each font.
        string css = OtherFontFormats().Replace(File.ReadAllText(Path.Combine(katex, "katex.min.css")), "");
        File.WriteAllText(Path.Combine(outDir, KatexCss), css);
        foreach (Match m in Woff2Url().Matches(css))
            File.Copy(Path.Combine(katex, "fonts", m.Groups[1].Value), Path.Combine(fonts, m.Groups[1].Value), overwrite: true);
        File.Copy(Path.Combine(katex, "katex.min.js"), Path.Combine(outDir, KatexJs), overwrite: true);
        File.Copy(Path.Combine(katex, "contrib", "auto-render.min.js"), Path.Combine(outDir, KatexAutoRenderJs), overwrite: true);
        File.Copy(Path.Combine(_modules, "plotly.js-dist-min", "plotly.min.js"), Path.Combine(outDir, PlotlyJs), overwrite: true);
    }

    [GeneratedRegex(@",url\(fonts/[^)]+\.(?:woff|ttf)\) format\(""(?:woff|truetype)""\)")]
    private static partial Regex OtherFontFormats();

    [GeneratedRegex(@"url\(fonts/([^)]+\.woff2)\)")]
    private static partial Regex Woff2Url();
}
