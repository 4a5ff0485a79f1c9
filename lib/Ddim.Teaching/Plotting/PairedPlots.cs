using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace Ddim.Teaching.Plotting;

/// <summary>
/// FID versus S with bootstrap intervals, one line per sampler, on a log-S axis whose ticks are the measured S, with the
/// FID floor of real images at the same n drawn as a dashed line.
/// </summary>
public static class PairedPlots
{
    /// <summary>
    /// One line per sampler of <paramref name="sweep"/>, each point with its 95% bootstrap interval (FID +- 1.96 se of the
    /// cell alone: the paired verdicts between cells are sharper than these bars suggest), and the floor at <paramref name="floor"/>.
    /// </summary>
    public static GenericChart FidWithIntervals(PairedSweep sweep, double floor, string title)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var steps = sweep.Steps.Select(s => (double)s).ToArray();
        var traces = new List<GenericChart>();
        foreach (var noise in sweep.Noises)
        {
            var fid = sweep.Steps.Select(s => sweep.Cell(s, noise).FidPoint).ToArray();
            var half = sweep.Steps.Select(s => 1.959964 * sweep.FidSe(s, noise)).ToArray();
            var line = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: steps, y: fid, Name: Table1Claims.Label(noise), ShowMarkers: true);
            traces.Add(Plotly.NET.Chart.withYErrorStyle<double, double>(FSharpOption<bool>.Some(true), FSharpOption<StyleParam.ErrorType>.Some(StyleParam.ErrorType.Data),
                FSharpOption<bool>.Some(true), FSharpOption<IEnumerable<double>>.Some(half), null, null, null, null, null, null, null, null, null).Invoke(line));
        }
        traces.Add(Plotly.NET.CSharp.Chart.Line<double, double, string>(x: [steps[0], steps[^1]], y: [floor, floor],
            Name: $"floor: real images, same n ({floor:F1})", LineDash: StyleParam.DrawingStyle.Dash));
        var chart = Plots.Layout(Plotly.NET.CSharp.Chart.Combine(traces), title, "S (sampling steps, log scale)", "FID (lower is better, log scale)", logX: true, logY: true);
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("xaxis", new Dictionary<string, object>
        {
            ["title"] = new Dictionary<string, object> { ["text"] = "S (sampling steps, log scale)" },
            ["type"] = "log",
            ["tickvals"] = steps,
            ["ticktext"] = sweep.Steps.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        });
        return GenericChart.setLayout(layout, chart);
    }
}
