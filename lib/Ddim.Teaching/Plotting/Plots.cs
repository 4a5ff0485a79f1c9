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
            x: Rounded(s.X, LineDigits), y: Rounded(s.Y, LineDigits), Name: s.Name, ShowMarkers: s.Markers));
        return Layout(Plotly.NET.CSharp.Chart.Combine(traces), title, xTitle, yTitle, logX, logY);
    }

    /// <summary>Scatter plot of several point clouds (2-D world).</summary>
    public static GenericChart Scatter(string title, string xTitle, string yTitle, IEnumerable<Series> clouds)
    {
        var traces = clouds.Select(s => Plotly.NET.CSharp.Chart.Point<double, double, string>(x: Rounded(s.X, PointDigits), y: Rounded(s.Y, PointDigits), Name: s.Name));
        return Layout(Plotly.NET.CSharp.Chart.Combine(traces), title, xTitle, yTitle, false, false);
    }

    /// <summary>
    /// Applies title and axis titles (and log axes) to any chart. A long title is wrapped onto several lines (and the top
    /// margin grows to fit) rather than cut off at the chart's right edge.
    /// </summary>
    public static GenericChart Layout(GenericChart chart, string title, string xTitle, string yTitle, bool logX = false, bool logY = false)
    {
        var layout = GenericChart.getLayout(chart);
        string wrapped = WrapTitle(title);
        layout.SetProperty("title", Text(wrapped));
        layout.SetProperty("xaxis", Merge(Axis(xTitle, logX), layout, "xaxis"));
        layout.SetProperty("yaxis", Merge(Axis(yTitle, logY), layout, "yaxis"));
        layout.SetProperty("width", Width);
        layout.SetProperty("height", 420 + 22 * (TitleLines(wrapped) - 1));
        layout.SetProperty("margin", new Dictionary<string, object> { ["t"] = 60 + 22 * TitleLines(wrapped) });
        return GenericChart.setLayout(layout, chart);
    }

    /// <summary>
    /// Significant digits kept in a chart's data: curves 6 (hover still shows small differences), point clouds 4 (a point's
    /// position to 1/10,000 of its scale). Full doubles print 17-19 characters each and made a 20,000-point slider chart 0.8 MB.
    /// </summary>
    public const int LineDigits = 6, PointDigits = 4;

    /// <summary><paramref name="values"/> rounded to <paramref name="digits"/> significant digits (NaN and infinities kept).</summary>
    public static double[] Rounded(IReadOnlyList<double> values, int digits)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (digits < 1 || digits > 15) throw new ArgumentException($"digits is {digits}; it must be between 1 and 15.", nameof(digits));
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            double v = values[i];
            if (v == 0 || !double.IsFinite(v)) { result[i] = v; continue; }
            double scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
            result[i] = Math.Round(v * scale) / scale;
        }
        return result;
    }

    /// <summary>Chart width in pixels.</summary>
    public const int Width = 760;

    /// <summary>How many title characters fit on one line of a chart <see cref="Width"/> wide; longer titles wrap.</summary>
    public const int TitleLineLength = 78;

    /// <summary>
    /// Breaks <paramref name="title"/> at spaces (outside HTML tags such as <c>&lt;sub&gt;</c>) into lines of at most
    /// <paramref name="lineLength"/> visible characters, joined by <c>&lt;br&gt;</c>; existing <c>&lt;br&gt;</c> are kept.
    /// </summary>
    public static string WrapTitle(string title, int lineLength = TitleLineLength)
    {
        ArgumentNullException.ThrowIfNull(title);
        var lines = new List<string>();
        foreach (string part in title.Split("<br>"))
        {
            var line = new System.Text.StringBuilder();
            int visible = 0;
            foreach (string word in part.Split(' '))
            {
                int length = System.Text.RegularExpressions.Regex.Replace(word, "<[^>]*>", "").Length;
                if (visible > 0 && visible + 1 + length > lineLength)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    visible = 0;
                }
                if (visible > 0 || line.Length > 0) { line.Append(' '); visible++; }
                line.Append(word);
                visible += length;
            }
            lines.Add(line.ToString());
        }
        return string.Join("<br>", lines);
    }

    /// <summary>Keeps what the chart's own axis set and the new one does not (e.g. tick values at the measured S).</summary>
    private static Dictionary<string, object> Merge(Dictionary<string, object> axis, Layout layout, string name)
    {
        if (layout.TryGetPropertyValue(name) is { } existing && existing.Value is Dictionary<string, object> old)
            foreach (var (key, value) in old)
                axis.TryAdd(key, value);
        return axis;
    }

    private static int TitleLines(string wrapped) => wrapped.Split("<br>").Length;

    private static Dictionary<string, object> Text(string text) => new() { ["text"] = text };

    /// <summary>
    /// An axis with a title; a log axis labels every tick with its full value ("600", "0.0001"): plotly's default shows the
    /// minor ticks as bare digits ("6" for 600) and small powers with SI prefixes ("100μ" for 1e-4).
    /// </summary>
    internal static Dictionary<string, object> Axis(string title, bool log)
    {
        var axis = new Dictionary<string, object> { ["title"] = Text(title), ["automargin"] = true };
        if (log)
        {
            axis["type"] = "log";
            axis["tickformat"] = "~g";
        }
        return axis;
    }
}
