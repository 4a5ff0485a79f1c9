using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

/// <summary>Moment checks for Monte-Carlo tests, with tolerances in standard errors.</summary>
internal static class Stats
{
    /// <summary>Per-column mean and (population) variance of an [N, D] float64 tensor.</summary>
    public static (double[] Mean, double[] Variance) Moments(Tensor samples)
    {
        using var scope = NewDisposeScope();
        var x = samples.reshape(samples.shape[0], -1).to_type(float64);
        var mean = x.mean([0L]).data<double>().ToArray();
        var variance = x.var(0, unbiased: false).data<double>().ToArray();
        return (mean, variance);
    }

    /// <summary>
    /// Asserts that a sample mean and variance from n draws match a Gaussian's: the mean within k sqrt(v/n), the variance
    /// within k v sqrt(2/n) (the standard errors of the two estimators for Gaussian data).
    /// </summary>
    public static void AssertGaussianMoments(double expectedMean, double expectedVariance, double mean, double variance, long n, double k, string what)
    {
        double meanTol = k * Math.Sqrt(expectedVariance / n) + 1e-12;
        double varTol = k * expectedVariance * Math.Sqrt(2.0 / n) + 1e-12;
        Assert.True(Math.Abs(mean - expectedMean) <= meanTol,
            $"{what}: mean {mean} vs {expectedMean} (tolerance {meanTol}, {k} standard errors at n = {n})");
        Assert.True(Math.Abs(variance - expectedVariance) <= varTol,
            $"{what}: variance {variance} vs {expectedVariance} (tolerance {varTol}, {k} standard errors at n = {n})");
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a - b).abs().max().item<double>();
    }

    public static double MaxAbs(Tensor a)
    {
        using var scope = NewDisposeScope();
        return a.abs().max().item<double>();
    }
}
