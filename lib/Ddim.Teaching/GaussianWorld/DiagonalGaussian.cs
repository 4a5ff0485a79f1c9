using static TorchSharp.torch;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>A Gaussian N(Mean, diag Variance) in D dimensions, in double precision.</summary>
public sealed record DiagonalGaussian
{
    /// <summary>A Gaussian with the given per-dimension means and variances (variances &gt;= 0).</summary>
    public DiagonalGaussian(IReadOnlyList<double> mean, IReadOnlyList<double> variance)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        if (mean.Count < 1 || mean.Count != variance.Count)
            throw new ArgumentException($"mean has {mean.Count} entries and variance {variance.Count}; give one of each per dimension.", nameof(variance));
        if (variance.Any(v => !(v >= 0) || !double.IsFinite(v)))
            throw new ArgumentException("every variance must be finite and >= 0.", nameof(variance));
        Mean = mean.ToArray();
        Variance = variance.ToArray();
    }

    /// <summary>Per-dimension means.</summary>
    public double[] Mean { get; }

    /// <summary>Per-dimension variances.</summary>
    public double[] Variance { get; }

    /// <summary>Number of dimensions D.</summary>
    public int Dimension => Mean.Length;

    /// <summary>N(mean, std^2 I) in <paramref name="dimension"/> dimensions.</summary>
    public static DiagonalGaussian Isotropic(double mean, double std, int dimension)
    {
        if (dimension < 1)
            throw new ArgumentException($"dimension is {dimension}; it must be at least 1.", nameof(dimension));
        if (!(std > 0) || !double.IsFinite(std))
            throw new ArgumentException($"std is {std}; it must be finite and > 0.", nameof(std));
        return new DiagonalGaussian(Enumerable.Repeat(mean, dimension).ToArray(), Enumerable.Repeat(std * std, dimension).ToArray());
    }

    /// <summary>
    /// The per-dimension fit to samples [N, ...] (N &gt;= 2, each sample flattened): the sample mean and the unbiased sample
    /// variance of each dimension, raised to at least <paramref name="varianceFloor"/> so that nearly constant dimensions
    /// (the always-black border pixels of Fashion-MNIST) stay valid for the exact predictor, which divides by the variance.
    /// </summary>
    public static DiagonalGaussian Fit(Tensor samples, double varianceFloor)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.dim() < 2 || samples.shape[0] < 2)
            throw new ArgumentException($"samples have shape [{string.Join(", ", samples.shape)}]; give [N, ...] with N >= 2 samples.", nameof(samples));
        if (!(varianceFloor >= 0) || !double.IsFinite(varianceFloor))
            throw new ArgumentOutOfRangeException(nameof(varianceFloor), varianceFloor, "the variance floor must be finite and >= 0 (0 for none).");
        using var scope = NewDisposeScope();
        var flat = samples.reshape(samples.shape[0], -1).to_type(ScalarType.Float64);
        var mean = flat.mean([0L]).cpu().data<double>().ToArray();
        var variance = flat.var(0L).clamp_min(varianceFloor).cpu().data<double>().ToArray();
        return new DiagonalGaussian(mean, variance);
    }

    /// <summary>N(0, I): the sampler's starting distribution for x_T.</summary>
    public static DiagonalGaussian StandardNormal(int dimension) => Isotropic(0, 1, dimension);

    /// <summary>
    /// The Frechet distance |m1 - m2|^2 + tr(S1 + S2 - 2 (S1 S2)^(1/2)) (the quantity FID estimates); for diagonal
    /// covariances the trace term is sum_d (sqrt(v1_d) - sqrt(v2_d))^2, so it is exact and needs no matrix square root.
    /// </summary>
    public double FrechetDistance(DiagonalGaussian other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Dimension != Dimension)
            throw new ArgumentException($"dimensions differ: {Dimension} and {other.Dimension}.", nameof(other));
        double sum = 0;
        for (int d = 0; d < Dimension; d++)
        {
            double dm = Mean[d] - other.Mean[d];
            double ds = Math.Sqrt(Variance[d]) - Math.Sqrt(other.Variance[d]);
            sum += dm * dm + ds * ds;
        }
        return sum;
    }
}
