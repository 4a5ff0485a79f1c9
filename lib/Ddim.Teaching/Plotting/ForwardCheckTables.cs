using Ddim.Teaching.Experiments;

namespace Ddim.Teaching.Plotting;

/// <summary>Tables, chart series and slider frames of notebook 01's checks of q(x_t | x_0).</summary>
public static class ForwardCheckTables
{
    /// <summary>Sample mean and variance of x_t against the closed form, with z, one row per reported t and x_0.</summary>
    public static HtmlTable Table(this ForwardChainCheck check) => HtmlTable.Of(["t", "x_0", "mean of x_t", "sqrt(alphabar_t) x_0", "z", "variance of x_t", "1 - alphabar_t", "z"],
        check.Rows.Select(r => new object?[] { r.PaperT, r.X0, r.Mean, r.ExpectedMean, r.MeanZ, r.Variance, r.ExpectedVariance, r.VarianceZ }),
        $"{check.Chains} simulated chains per x_0; z is the gap in standard errors");

    /// <summary>The simulated mean and variance of the shown x_0 (markers, every 10 steps).</summary>
    public static IReadOnlyList<Series> TraceSeries(this ForwardChainCheck check) =>
    [
        new Series("simulated mean", check.TraceSteps, check.TraceMean, Markers: true),
        new Series("simulated variance", check.TraceSteps, check.TraceVariance, Markers: true),
    ];

    /// <summary>One slider frame per cloud, the data first.</summary>
    public static IReadOnlyList<SliderFrame> Frames(this IReadOnlyList<RingCloud> clouds) =>
        clouds.Select(c => new SliderFrame(c.Label, [new Series($"x_t, {c.Label}", c.X1, c.X2)])).ToList();
}
