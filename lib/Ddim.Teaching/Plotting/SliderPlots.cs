using Plotly.NET;

namespace Ddim.Teaching.Plotting;

/// <summary>One position of a slider: its label and the series shown there.</summary>
public sealed record SliderFrame(string Label, IReadOnlyList<Series> Series);

/// <summary>
/// Charts with a Plotly slider: every frame's traces are drawn once and the slider switches which are visible, so the
/// chart works in an offline page with no kernel behind it.
/// </summary>
public static class SliderPlots
{
    /// <summary>
    /// A scatter (or line) chart whose slider steps through <paramref name="frames"/>. Given ranges hold still so frames are
    /// comparable; an axis without a range rescales to each frame.
    /// </summary>
    public static GenericChart Create(string title, string xTitle, string yTitle, string sliderPrefix, IReadOnlyList<SliderFrame> frames,
        (double Min, double Max)? xRange = null, (double Min, double Max)? yRange = null, bool lines = false)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count < 1 || frames.Any(f => f.Series.Count < 1))
            throw new ArgumentException("give at least one frame, each with at least one series.", nameof(frames));
        var owner = new List<int>();
        var charts = new List<GenericChart>();
        for (int f = 0; f < frames.Count; f++)
        {
            foreach (var s in frames[f].Series)
            {
                var chart = lines
                    ? Plotly.NET.CSharp.Chart.Line<double, double, string>(x: Plots.Rounded(s.X, Plots.LineDigits), y: Plots.Rounded(s.Y, Plots.LineDigits), Name: s.Name, ShowMarkers: s.Markers)
                    : Plotly.NET.CSharp.Chart.Point<double, double, string>(x: Plots.Rounded(s.X, Plots.PointDigits), y: Plots.Rounded(s.Y, Plots.PointDigits), Name: s.Name);
                foreach (var trace in GenericChart.getTraces(chart))
                    trace.SetProperty("visible", f == 0);
                charts.Add(chart);
                owner.Add(f);
            }
        }
        var combined = Plots.Layout(Plotly.NET.CSharp.Chart.Combine(charts), title, xTitle, yTitle);
        var steps = Enumerable.Range(0, frames.Count).Select(f => new Dictionary<string, object>
        {
            ["label"] = frames[f].Label,
            ["method"] = "restyle",
            ["args"] = new object[] { new Dictionary<string, object> { ["visible"] = owner.Select(o => o == f).ToArray() } },
        }).ToArray();
        var layout = GenericChart.getLayout(combined);
        layout.SetProperty("sliders", new object[]
        {
            new Dictionary<string, object>
            {
                ["active"] = 0,
                ["currentvalue"] = new Dictionary<string, object> { ["prefix"] = sliderPrefix },
                ["pad"] = new Dictionary<string, object> { ["t"] = 50 },
                ["steps"] = steps,
            },
        });
        layout.SetProperty("xaxis", Axis(xTitle, xRange));
        layout.SetProperty("yaxis", Axis(yTitle, yRange));
        layout.SetProperty("height", 520);
        return GenericChart.setLayout(layout, combined);
    }

    private static Dictionary<string, object> Axis(string title, (double Min, double Max)? range)
    {
        var axis = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = title } };
        if (range is { } r)
            axis["range"] = new[] { r.Min, r.Max };
        else
            axis["autorange"] = true;
        return axis;
    }
}
