using System.Text.RegularExpressions;

namespace Ddim.Teaching.Plotting;

/// <summary>
/// Makes chart HTML from other Plotly libraries (XPlot.Plotly's <c>GetInlineHtml()</c>: a div and a script that calls a
/// global <c>Plotly.newPlot</c>) load plotly.js the way Plotly.NET's notebook output does: through require.js, from the
/// CDN in Jupyter or VS Code, and from the shared offline copy in the course's HTML pages.
/// </summary>
public static partial class PlotlyHtml
{
    /// <summary>The plotly.js that Plotly.NET 6.0.0's notebook output loads, so both libraries share one copy.</summary>
    public const string CdnPath = "https://cdn.plot.ly/plotly-2.28.0.min";

    /// <summary>Wraps every inline script of <paramref name="chartHtml"/> so it runs once plotly.js is loaded.</summary>
    public static string WithPlotlyLoader(string chartHtml)
    {
        ArgumentNullException.ThrowIfNull(chartHtml);
        int count = 0;
        string html = InlineScript().Replace(chartHtml, m =>
        {
            string name = $"renderForeignPlotly_{Guid.NewGuid():N}";
            count++;
            return $$$"""
                <script type="text/javascript">
                var {{{name}}} = function () {
                    var plotlyRequire = requirejs.config({context: 'fsharp-plotly', paths: {plotly: '{{{CdnPath}}}'}}) || require;
                    plotlyRequire(['plotly'], function (Plotly) {
                {{{m.Groups[1].Value}}}
                    });
                };
                if (typeof requirejs !== 'function' || typeof requirejs.config !== 'function') {
                    var script = document.createElement('script');
                    script.setAttribute('src', 'https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js');
                    script.onload = {{{name}}};
                    document.getElementsByTagName('head')[0].appendChild(script);
                } else {
                    {{{name}}}();
                }
                </script>
                """;
        });
        if (count == 0)
            throw new ArgumentException("chartHtml has no inline <script> to wrap; pass the HTML of one chart (e.g. XPlot's GetInlineHtml()).", nameof(chartHtml));
        return html;
    }

    [GeneratedRegex(@"<script(?:\s+type=""text/javascript"")?>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
