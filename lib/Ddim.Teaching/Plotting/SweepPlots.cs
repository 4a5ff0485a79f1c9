using System.Globalization;
using System.Text;
using Ddim.Teaching.Metrics;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;
using GenericChart = Plotly.NET.GenericChart;

namespace Ddim.Teaching.Plotting;

/// <summary>
/// Charts of sweep tables (<see cref="SweepRow"/>): FID versus the number of sampling steps S, one line per eta (log-x),
/// and wall-clock seconds versus S. Measured and exact Gaussian-world rows share the format, so one call draws both
/// (exact rows dashed). Pages are written offline, with plotly.js embedded once.
/// </summary>
public static class SweepPlots
{
    private static IEnumerable<IGrouping<(string World, string Eta, string Spacing), SweepRow>> Lines(IEnumerable<SweepRow> rows) =>
        rows.GroupBy(r => (r.World, r.Eta.ToString(), r.Spacing))
            .OrderBy(g => g.Key.World, StringComparer.Ordinal).ThenBy(g => g.First().Eta.Kind).ThenBy(g => g.First().Eta.Eta);

    private static GenericChart LineChart(IEnumerable<SweepRow> rows, Func<SweepRow, double> value)
    {
        var lines = Lines(rows).Select(line =>
        {
            var ordered = line.OrderBy(r => r.Steps).ToList();
            bool exact = ordered[0].N == 0;
            string name = $"{line.Key.World} eta={line.Key.Eta} {line.Key.Spacing}";
            var text = ordered.Select(r => r.N > 0 ? $"n = {r.N}, {r.Features}" : r.Features);
            return Chart.Line<int, double, string>(ordered.Select(r => r.Steps), ordered.Select(value), ShowMarkers: true, Name: name,
                MultiText: new Optional<IEnumerable<string>>(text, true),
                LineDash: exact ? StyleParam.DrawingStyle.Dash : StyleParam.DrawingStyle.Solid);
        }).ToList();
        if (lines.Count == 0) throw new ArgumentException("No rows to plot.", nameof(rows));
        return Chart.Combine(lines);
    }

    // Plotly.NET's F# functions: their optional arguments must be passed, as null (None), from C#.
    private static GenericChart Titled(GenericChart chart, string title) => Plotly.NET.Chart.withTitle(title, null).Invoke(chart);

    private static GenericChart WithReference(GenericChart chart, PlotlyJSReference reference) =>
        Plotly.NET.Chart.withDisplayOptions(DisplayOptions.init(null, null, null, null, null, null, reference)).Invoke(chart);

    /// <summary>FID versus S (log-x), one line per (world, eta, spacing); hover shows n and the feature space.</summary>
    public static GenericChart FidVersusSteps(IEnumerable<SweepRow> rows, string title = "FID versus sampling steps S")
    {
        var list = rows.ToList();
        string spaces = string.Join("; ", list.Select(r => r.Features).Distinct());
        var chart = LineChart(list, r => r.Fid)
            .WithXAxisStyle<int, int, string>(TitleText: "S (sampling steps)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "FID (lower is better)");
        return Titled(chart, $"{title}<br><sub>{spaces}</sub>");
    }

    /// <summary>Wall-clock seconds per cell versus S (log-log): sampling time is linear in the number of steps.</summary>
    public static GenericChart SecondsVersusSteps(IEnumerable<SweepRow> rows, string title = "Wall-clock versus sampling steps S")
    {
        var measured = rows.Where(r => r.N > 0).ToList();
        var chart = LineChart(measured, r => r.Seconds)
            .WithXAxisStyle<int, int, string>(TitleText: "S (sampling steps)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "seconds per cell", AxisType: StyleParam.AxisType.Log);
        return Titled(chart, title);
    }

    /// <summary>
    /// Writes one self-contained HTML page holding <paramref name="charts"/>: plotly.js is embedded once (from the
    /// first chart's full page), the other charts are added as plain divs, so the page works offline.
    /// </summary>
    public static void SaveHtml(string path, IReadOnlyList<GenericChart> charts)
    {
        if (charts.Count == 0) throw new ArgumentException("Give at least one chart.", nameof(charts));
        var first = WithReference(charts[0], PlotlyJSReference.Full);
        string page = Plotly.NET.GenericChart.toEmbeddedHTML(first);
        var extra = new StringBuilder();
        foreach (var chart in charts.Skip(1))
            extra.Append(Plotly.NET.GenericChart.toChartHTML(WithReference(chart, PlotlyJSReference.NoReference)));
        int end = page.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        if (end < 0) throw new InvalidOperationException("Plotly.NET returned a page without </body>.");
        File.WriteAllText(path, page.Insert(end, extra.ToString()));
    }
}
