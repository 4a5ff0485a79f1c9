using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>
/// A KID estimate: the average unbiased MMD^2 over <see cref="Subsets"/> random subsets of <see cref="SubsetSize"/> rows
/// from each set, the standard deviation of the subset values, and the standard error of <see cref="Value"/>.
/// </summary>
public sealed record KidResult(double Value, double StandardError, double SubsetStd, int Subsets, int SubsetSize, long Count1, long Count2);

/// <summary>
/// Kernel Inception Distance (Binkowski et al., "Demystifying MMD GANs", ICLR 2018): the unbiased estimate of the squared
/// maximum mean discrepancy with the cubic polynomial kernel k(x, y) = (x.y / d + 1)^3. Unlike FID it has no bias that
/// depends on n, so it is the metric to trust when only a few hundred samples are available.
/// </summary>
public static class Kid
{
    /// <summary>Polynomial kernel matrix k(x_i, y_j) = (x_i.y_j / d + 1)^3 between rows of x [n, d] and y [m, d].</summary>
    public static Tensor PolynomialKernel(Tensor x, Tensor y)
    {
        using var scope = torch.NewDisposeScope();
        long d = x.shape[1];
        return (x.matmul(y.T) / d + 1).pow(3).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Unbiased MMD^2 between all rows of x [m, d] and y [n, d]: the mean of k over distinct pairs within x, plus the same
    /// within y, minus twice the mean of k across the sets (Gretton et al. 2012, Lemma 6).
    /// </summary>
    public static double UnbiasedMmdSquared(Tensor x, Tensor y)
    {
        using var scope = torch.NewDisposeScope();
        var a = x.to_type(ScalarType.Float64);
        var b = y.to_type(ScalarType.Float64);
        long m = a.shape[0], n = b.shape[0];
        var withinX = (KernelSum(a, a) - DiagonalSum(a)) / (m * (m - 1));
        var withinY = (KernelSum(b, b) - DiagonalSum(b)) / (n * (n - 1));
        var across = KernelSum(a, b) / (m * n);
        return (withinX + withinY - 2 * across).item<double>();
    }

    // The sum of all entries of the kernel matrix, built in place: the matrices are the cost of KID.
    private static Tensor KernelSum(Tensor x, Tensor y)
    {
        long d = x.shape[1];
        using var k = x.matmul(y.T);
        k.div_(d).add_(1).pow_(3);
        return k.sum();
    }

    // k(x_i, x_i) = (|x_i|^2 / d + 1)^3, the diagonal excluded from the within-set means.
    private static Tensor DiagonalSum(Tensor x) => (x.square().sum(1) / x.shape[1] + 1).pow(3).sum();

    /// <summary>
    /// KID between the rows of two feature sets, averaged over random subsets as in Binkowski et al.
    /// Default subset size: min(1000, n/2), so that subsets differ even when n is small.
    /// Standard error: to leading order the estimator's variance is c/n for n samples. Subsets of size m drawn from one data
    /// set vary by c (1/m - 1/n) around the full-data value, so the standard error c/n is the subset spread times
    /// sqrt(m / (n - m)). (When the two distributions are equal the variance falls faster and this is conservative.)
    /// </summary>
    public static KidResult Compute(Tensor features1, Tensor features2, int subsets = 100, int? subsetSize = null, long seed = 0,
        string name1 = "features1", string name2 = "features2")
    {
        FeatureChecks.Validate(features1, name1, minRows: 4);
        FeatureChecks.Validate(features2, name2, minRows: 4);
        FeatureChecks.SameDimension(features1, features2, name1, name2);
        if (subsets < 2) throw new ArgumentException($"subsets must be at least 2 to estimate a standard error; got {subsets}.", nameof(subsets));
        long n1 = features1.shape[0], n2 = features2.shape[0];
        long n = Math.Min(n1, n2);
        int size = subsetSize ?? (int)Math.Min(1000, n / 2);
        if (size < 2 || size >= n)
            throw new ArgumentException($"subsetSize must be at least 2 and below min(n1, n2) = {n}, so that subsets differ; got {size}.", nameof(subsetSize));

        using var scope = torch.NewDisposeScope();
        var a = features1.to_type(ScalarType.Float64);
        var b = features2.to_type(ScalarType.Float64);
        using var generator = Seeded.Generator(seed);
        var values = new double[subsets];
        for (int s = 0; s < subsets; s++)
        {
            using var step = torch.NewDisposeScope();
            var rows1 = Seeded.Randperm(n1, generator).narrow(0, 0, size);
            var rows2 = Seeded.Randperm(n2, generator).narrow(0, 0, size);
            values[s] = UnbiasedMmdSquared(a.index_select(0, rows1), b.index_select(0, rows2));
        }
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (subsets - 1));
        return new KidResult(mean, std * Math.Sqrt((double)size / (n - size)), std, subsets, size, n1, n2);
    }
}
