using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>FIDs of disjoint sets of n real images against the reference: what a perfect sampler would score at this n.</summary>
public sealed record FidFloorEstimate(int N, double[] Values)
{
    /// <summary>Mean over the disjoint sets.</summary>
    public double Mean => Values.Average();

    /// <summary>Smallest value.</summary>
    public double Min => Values.Min();

    /// <summary>Largest value.</summary>
    public double Max => Values.Max();
}

/// <summary>
/// The FID floor at a sample size n. FID is biased upward at small n (a covariance fitted to n points in d dimensions is
/// noisy), so even real images score above 0. The floor here is the FID of <c>sets</c> disjoint subsets of n real
/// training images, each against the full reference (the test set): the same n and the same reference as a sweep cell,
/// from images that come from the data distribution itself.
/// </summary>
public static class FidFloor
{
    /// <summary>FIDs of consecutive disjoint blocks of <paramref name="n"/> rows of <paramref name="realFeatures"/>.</summary>
    public static FidFloorEstimate Measure(Tensor realFeatures, Tensor reference, int n, int sets)
    {
        FeatureChecks.Validate(realFeatures, "real features", minRows: 2);
        if (sets < 1) throw new ArgumentException($"sets is {sets}; measure at least one set.", nameof(sets));
        long available = realFeatures.shape[0];
        if ((long)n * sets > available)
            throw new ArgumentException($"{sets} disjoint sets of n = {n} need {(long)n * sets} real images; only {available} given. " +
                "Use fewer sets or pass more images.", nameof(sets));
        var values = new double[sets];
        for (int k = 0; k < sets; k++)
        {
            using var block = realFeatures.narrow(0, (long)k * n, n);
            values[k] = FrechetDistance.Compute(block, reference, $"real images {k * n}-{(k + 1) * n - 1}", "reference");
        }
        return new FidFloorEstimate(n, values);
    }
}
