using Ddim.Teaching.Experiments;
using Ddim.Teaching.Ode;

namespace Ddim.Teaching.Plotting;

/// <summary>Tables and chart series of the notebook 06-07 experiments, kept here so that the experiments stay free of presentation.</summary>
public static class ExperimentTables
{
    /// <summary>One row per (s, S) of a Gaussian ODE error sweep: both errors and their ratio.</summary>
    public static HtmlTable ToTable(this GaussianOdeErrors errors) => HtmlTable.Of(["s", "S", "Euler in sigma (DDIM)", "Euler in t (Eq. 15)", "ratio t/sigma"],
        errors.Rows.Select(r => (IReadOnlyList<object?>)[r.DataStd, r.Steps, $"{r.EulerInSigma:E3}", $"{r.EulerInTime:E3}", r.Ratio]),
        "exact RMS endpoint error of x_0, Gaussian world");

    /// <summary>One series per (s, discretisation) of a Gaussian ODE error sweep: error against S.</summary>
    public static IEnumerable<Series> Series(this GaussianOdeErrors errors) =>
        from s in errors.Rows.Select(r => r.DataStd).Distinct()
        from kind in new[] { OdeDiscretisation.Sigma, OdeDiscretisation.Time }
        let rows = errors.Rows.Where(r => r.DataStd == s).ToList()
        select new Series($"Euler in {kind.ToString().ToLowerInvariant()}, s = {s}", rows.Select(r => (double)r.Steps).ToArray(), rows.Select(r => r.Of(kind)).ToArray(), Markers: true);

    /// <summary>One row per path of a strip classification ("pair p, slerp"), one column per point, each cell "label:confidence".</summary>
    public static HtmlTable ToTable(this StripClassification judged, IReadOnlyList<string> classNames)
    {
        int points = judged.Label[0][0].Length;
        var rows = judged.Label.SelectMany((pair, p) => new[] { 0, 1 }.Select(path => (IReadOnlyList<object?>)
            new object?[] { $"pair {p}, {(path == 0 ? "slerp" : "lerp")}" }
                .Concat(Enumerable.Range(0, points).Select(i => (object?)$"{pair[path][i]}:{judged.Confidence[p][path][i]:F2}")).ToArray()));
        return HtmlTable.Of(PathGrids.AlphaLabels(points).Prepend("path").ToArray(), rows,
            "label:confidence of each decoded image; labels " + string.Join(", ", classNames.Select((n, k) => $"{k} {n}")));
    }
}
