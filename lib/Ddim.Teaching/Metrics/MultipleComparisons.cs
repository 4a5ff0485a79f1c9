namespace Ddim.Teaching.Metrics;

/// <summary>The standard normal distribution's tail, for p-values of bootstrap z-scores.</summary>
public static class StandardNormal
{
    /// <summary>P(Z &gt; z) for a standard normal Z, from the complementary error function.</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>Two-sided p-value P(|Z| &gt;= |z|); 1 for z = 0, and NaN stays NaN.</summary>
    public static double TwoSidedP(double z) => double.IsNaN(z) ? double.NaN : Math.Min(1.0, 2 * UpperTail(Math.Abs(z)));

    // erfc by the Chebyshev fit of Numerical Recipes (erfcc): relative error below 1.2e-7 everywhere.
    private static double Erfc(double x)
    {
        double z = Math.Abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}

/// <summary>
/// Corrections for making many comparisons at once. With m tests at level alpha each, about alpha m of the true "no
/// difference" cases come out "significant" by chance; Holm's step-down method (Holm 1979) keeps the chance of even one
/// such false verdict in the whole family below alpha, and is never less powerful than Bonferroni (alpha / m each).
/// </summary>
public static class MultipleComparisons
{
    /// <summary>
    /// Holm-adjusted p-values, in the order given: sort p ascending, multiply the k-th smallest (from 0) by m - k, take the
    /// running maximum and cap at 1. A comparison is resolved at family-wise level alpha when its adjusted p is below alpha.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        foreach (double p in pValues)
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"p-values must lie in [0, 1]; got {p}.", nameof(pValues));
        int m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        double running = 0;
        for (int k = 0; k < m; k++)
        {
            running = Math.Max(running, Math.Min(1.0, (m - k) * pValues[order[k]]));
            adjusted[order[k]] = running;
        }
        return adjusted;
    }

    /// <summary>Bonferroni-adjusted p-values: each p times m, capped at 1.</summary>
    public static double[] Bonferroni(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        return pValues.Select(p => Math.Min(1.0, p * pValues.Count)).ToArray();
    }
}
