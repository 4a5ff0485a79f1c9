using Plotly.NET;

namespace Ddim.Teaching.Plotting;

/// <summary>One named line of a chart.</summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Markers = false);

/// <summary>Small helpers that build the course's Plotly charts with a title, axis titles and units, in one line of a notebook.</summary>
public static class Plots
{
    /// <summary>A line chart of several series.</summary>
    public static GenericChart Lines(string title, string xTitle, string yTitle, IEnumerable<Series> series, bool logX = false, bool logY = false)
    {
        var traces = series.Select(s => Plotly.NET.CSharp.Chart.Line<double, double, string>(
            x: s.X.ToArray(), y: s.Y.ToArray(), Name: s.Name, ShowMarkers: s.Markers));
        return Layout(Plotly.NET.CSharp.Chart.Combine(traces), title, xTitle, yTitle, logX, logY);
    }

    /// <summary>Scatter plot of several point clouds (2-D world).</summary>
    public static GenericChart Scatter(string title, string xTitle, string yTitle, IEnumerable<Series> clouds)
    {
        var traces = clouds.Select(s => Plotly.NET.CSharp.Chart.Point<double, double, string>(x: s.X.ToArray(), y: s.Y.ToArray(), Name: s.Name));
        return Layout(Plotly.NET.CSharp.Chart.Combine(traces), title, xTitle, yTitle, false, false);
    }

    /// <summary>Applies title and axis titles (and log axes) to any chart.</summary>
    public static GenericChart Layout(GenericChart chart, string title, string xTitle, string yTitle, bool logX = false, bool logY = false)
    {
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("title", Text(title));
        layout.SetProperty("xaxis", Axis(xTitle, logX));
        layout.SetProperty("yaxis", Axis(yTitle, logY));
        layout.SetProperty("width", 760);
        layout.SetProperty("height", 420);
        return GenericChart.setLayout(layout, chart);
    }

    private static Dictionary<string, object> Text(string text) => new() { ["text"] = text };

    private static Dictionary<string, object> Axis(string title, bool log)
    {
        var axis = new Dictionary<string, object> { ["title"] = Text(title) };
        if (log) axis["type"] = "log";
        return axis;
    }
}
