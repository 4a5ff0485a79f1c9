using System.Globalization;
using System.Text;
using Chart = Plotly.NET.CSharp.Chart;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Sampling;
using GenericChart = Plotly.NET.GenericChart;
using Plotly.NET.CSharp;
using Plotly.NET;

namespace Ddim.Teaching.Plotting;

/// <summary>
/// Charts of sweep tables (<see cref="SweepRow"/>): FID versus the number of sampling steps S, one line per eta (log-x),
/// and wall-clock seconds versus S. Measured and exact Gaussian-world rows share the format, so one call draws both
/// (exact rows dashed). Legends use the prose's names (eta, sigma-hat, the model), S is ticked at the measured values,
/// and a promised reference line (a floor) is drawn. Pages are written offline, with plotly.js embedded once.
/// </summary>
public static class SweepPlots
{
    private static IEnumerable<IGrouping<(string World, string Eta, string Spacing), SweepRow>> Lines(IEnumerable<SweepRow> rows) =>
        rows.GroupBy(r => (r.World, r.Eta.ToString(), r.Spacing))
            .OrderBy(g => g.Key.World, StringComparer.Ordinal).ThenBy(g => g.First().Eta.Kind).ThenBy(g => g.First().Eta.Eta);

    /// <summary>The prose's name of a sampler: "η = 0 (DDIM)", "η = 1 (DDPM)", "η = 0.5", "σ̂ (sigma-hat)".</summary>
    public static string NoiseLabel(SamplerNoise noise) => noise.Kind switch
    {
        NoiseKind.SigmaHat => "σ\u0302 (sigma-hat)",
        _ when noise.Eta == 0 => "η = 0 (DDIM)",
        _ when noise.Eta == 1 => "η = 1 (DDPM)",
        _ => $"η = {noise.Eta.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>A reader's name for a sweep's world (the CSV's <c>world</c> column); unknown names are shown as they are.</summary>
    public static string WorldLabel(string world) => world switch
    {
        "gaussian-exact" => "exact Gaussian world",
        "fashion-mnist-gaussian-fit" => "Gaussian fit to Fashion-MNIST",
        "fashion-mnist-unet" => "shipped UNet",
        "fashion-mnist-unet-step3000" => "UNet at 3,000 steps",
        _ => world,
    };

    /// <summary>Legend entry of one line: the sampler, then the world and the spacing only when the chart has several.</summary>
    public static string LineLabel(SweepRow row, bool showWorld, bool showSpacing) =>
        NoiseLabel(row.Eta) + (showWorld ? $", {WorldLabel(row.World)}" : "") + (showSpacing ? $", {(row.Spacing == "quad" ? "quadratic" : row.Spacing)} spacing" : "");

    private static GenericChart LineChart(IReadOnlyList<SweepRow> rows, Func<SweepRow, double> value)
    {
        bool showWorld = rows.Select(r => r.World).Distinct().Count() > 1, showSpacing = rows.Select(r => r.Spacing).Distinct().Count() > 1;
        var lines = Lines(rows).Select(line =>
        {
            var ordered = line.OrderBy(r => r.Steps).ToList();
            bool exact = ordered[0].N == 0;
            var text = ordered.Select(r => r.N > 0 ? $"n = {r.N}, {r.Features}" : r.Features);
            return Chart.Line<int, double, string>(ordered.Select(r => r.Steps), ordered.Select(value), ShowMarkers: true,
                Name: LineLabel(ordered[0], showWorld, showSpacing),
                MultiText: new Optional<IEnumerable<string>>(text, true),
                LineDash: exact ? StyleParam.DrawingStyle.Dash : StyleParam.DrawingStyle.Solid);
        }).ToList();
        if (lines.Count == 0) throw new ArgumentException("No rows to plot.", nameof(rows));
        return Chart.Combine(lines);
    }

    private static GenericChart WithReference(GenericChart chart, PlotlyJSReference reference) =>
        Plotly.NET.Chart.withDisplayOptions(DisplayOptions.init(null, null, null, null, null, null, reference)).Invoke(chart);

    /// <summary>The S axis: log scale, ticked at the step counts that were measured.</summary>
    private static Dictionary<string, object> StepsAxis(IEnumerable<SweepRow> rows)
    {
        var axis = Plots.Axis("S (sampling steps)", log: true);
        var steps = rows.Select(r => r.Steps).Distinct().Order().ToArray();
        axis["tickvals"] = steps;
        axis["ticktext"] = steps.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();
        return axis;
    }

    private static GenericChart Styled(GenericChart chart, string title, Dictionary<string, object> x, Dictionary<string, object> y)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("xaxis", x);
        layout.SetProperty("yaxis", y);
        return Plots.Layout(GenericChart.setLayout(layout, chart), title, (string)((Dictionary<string, object>)x["title"])["text"],
            (string)((Dictionary<string, object>)y["title"])["text"], (string?)x.GetValueOrDefault("type") == "log", (string?)y.GetValueOrDefault("type") == "log");
    }

    /// <summary>
    /// FID versus S (log-x), one line per (world, eta, spacing); hover shows n and the feature space. A <paramref name="floor"/>
    /// (e.g. the FID of real images against the reference set, the best a sampler can score at that n) is drawn as a dotted
    /// horizontal line with its name and value in the legend.
    /// </summary>
    public static GenericChart FidVersusSteps(IEnumerable<SweepRow> rows, string title = "FID versus sampling steps S",
        (double Value, string Name)? floor = null)
    {
        var list = rows.ToList();
        string spaces = string.Join("; ", list.Select(r => r.Features).Distinct());
        var chart = LineChart(list, r => r.Fid);
        if (floor is { } f)
        {
            int[] ends = [list.Min(r => r.Steps), list.Max(r => r.Steps)];
            var line = Chart.Line<int, double, string>(ends, [f.Value, f.Value], Name: $"{f.Name} ({f.Value:0.0})",
                LineDash: StyleParam.DrawingStyle.Dot, LineColor: new Optional<Color>(Color.fromString("#555555"), true));
            chart = Chart.Combine([chart, line]);
        }
        return Styled(chart, $"{title}<br><sub>{spaces}</sub>", StepsAxis(list), Plots.Axis("FID (lower is better)", log: false));
    }

    /// <summary>Wall-clock seconds per cell versus S (log-log): sampling time is linear in the number of steps.</summary>
    public static GenericChart SecondsVersusSteps(IEnumerable<SweepRow> rows, string title = "Wall-clock versus sampling steps S")
    {
        var measured = rows.Where(r => r.N > 0).ToList();
        return Styled(LineChart(measured, r => r.Seconds), title, StepsAxis(measured), Plots.Axis("seconds per cell", log: true));
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
