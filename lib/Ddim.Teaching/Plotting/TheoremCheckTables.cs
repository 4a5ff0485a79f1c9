using System.Globalization;
using Ddim.Teaching.Experiments;

namespace Ddim.Teaching.Plotting;

/// <summary>Tables and chart series of the Lemma 1 and Theorem 1 checks of notebook 03.</summary>
public static class TheoremCheckTables
{
    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The moments of the shown x_0 at every reported t, with z of mean and variance.</summary>
    public static HtmlTable Table(this Lemma1Check check) => HtmlTable.Of(["sigma", "t", "mean of x_t", "sqrt(alpha_t) x_0", "z", "variance of x_t", "1 - alpha_t", "z"],
        check.Rows.Select(r => new object?[] { r.Profile, r.PaperT, r.Mean, r.ExpectedMean, r.MeanZ, r.Variance, r.ExpectedVariance, r.VarianceZ }),
        $"x_0 = {check.ShownX0}, {check.Chains} chains per sigma profile: sample moments against the closed form; z is the gap in standard errors");

    /// <summary>One chart series per sigma profile: the simulated Var(x_t | x_0) against t.</summary>
    public static IReadOnlyList<Series> TraceSeries(this Lemma1Check check) =>
        check.Traces.Select(t => new Series($"simulated Var(x_t | x_0), {t.Profile}", t.Steps, t.Variance, Markers: true)).ToList();

    /// <summary>J (Monte Carlo, with its standard error), L_gamma, J - L, C and z, one row per model and sigma choice.</summary>
    public static HtmlTable Table(this Theorem1Check check) => HtmlTable.Of(["sigma", "model", "J (MC)", "+- se", "L_gamma", "J - L", "C", "z"],
        check.Rows.Select(r => new object?[] { r.Sigma, r.Model, F(r.J.Mean, "F3"), F(r.J.StandardError, "F3"), F(r.L, "F3"), F(r.J.Mean - r.L, "F3"), F(r.C, "F3"), F(r.Z, "F2") }),
        $"{check.Chains} Monte Carlo chains per sigma, shared by the models");

    /// <summary>The paired differences from the first model against the exact differences of L_gamma.</summary>
    public static HtmlTable DifferenceTable(this Theorem1Check check)
    {
        string first = check.Rows[0].Model;
        return HtmlTable.Of(["sigma", "model", $"J - J({first})", "+- se", $"L - L({first})", "z"],
            check.Differences.Select(d => new object?[] { d.Sigma, d.Model, F(d.Difference.Mean, "F4"), F(d.Difference.StandardError, "F4"), F(d.Exact, "F4"), F(d.Z, "F2") }),
            $"differences from {first}, paired on the same chains");
    }
}
