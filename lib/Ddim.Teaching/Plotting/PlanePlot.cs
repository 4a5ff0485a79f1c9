using Plotly.NET;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Plotting;

/// <summary>Curves and point clouds in the plane with equal axis scales, so that circles look like circles (2-D world, path planes).</summary>
public static class PlanePlot
{
    /// <summary>Height of a plane chart in pixels: square enough for equal scales at the course's chart width.</summary>
    public const int Height = 640;

    /// <summary>A chart of <paramref name="lines"/> (drawn as curves) and <paramref name="points"/> (drawn as markers), y scaled as x.</summary>
    public static GenericChart Of(string title, string xTitle, string yTitle, IEnumerable<Series> lines, IEnumerable<Series>? points = null)
    {
        var traces = lines.Select(s => Plotly.NET.CSharp.Chart.Line<double, double, string>(
                x: Plots.Rounded(s.X, Plots.LineDigits), y: Plots.Rounded(s.Y, Plots.LineDigits), Name: s.Name, ShowMarkers: s.Markers))
            .Concat((points ?? []).Select(s => Plotly.NET.CSharp.Chart.Point<double, double, string>(
                x: Plots.Rounded(s.X, Plots.PointDigits), y: Plots.Rounded(s.Y, Plots.PointDigits), Name: s.Name)));
        var chart = Plots.Layout(Plotly.NET.CSharp.Chart.Combine(traces), title, xTitle, yTitle);
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("yaxis", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = yTitle }, ["scaleanchor"] = "x" });
        layout.SetProperty("height", Height);
        return GenericChart.setLayout(layout, chart);
    }

    /// <summary>A series from points [N, 2] (any dtype or device): column 0 is x, column 1 is y.</summary>
    public static Series Curve(string name, Tensor xy, bool markers = false)
    {
        ArgumentNullException.ThrowIfNull(xy);
        if (xy.dim() != 2 || xy.shape[1] != 2)
            throw new ArgumentException($"xy must be points [N, 2]; got [{string.Join(", ", xy.shape)}].", nameof(xy));
        using var scope = NewDisposeScope();
        var cpu = xy.cpu().to_type(float64);
        return new Series(name, cpu[.., 0].data<double>().ToArray(), cpu[.., 1].data<double>().ToArray(), markers);
    }

    /// <summary>
    /// One curve per point of a batch through the states of a sampler run (<see cref="Sampling.SampleResult.Trajectory"/>,
    /// each [batch, 2]): the ODE trajectories. <paramref name="indices"/> picks the batch points (default: all).
    /// </summary>
    public static IEnumerable<Series> Trajectories(IReadOnlyList<Tensor> states, Func<int, string> name, IEnumerable<int>? indices = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        using var scope = NewDisposeScope();
        var path = stack(states);   // [steps + 1, batch, 2]
        var picked = (indices ?? Enumerable.Range(0, (int)path.shape[1])).ToList();
        return picked.Select(i => Curve(name(i), path[.., i])).ToList();
    }
}
