using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>The Gaussian fit of a feature set: mean [d] and covariance [d, d] in float64, with the sample count.</summary>
public sealed record GaussianFit(Tensor Mean, Tensor Covariance, long Count);

/// <summary>
/// The Frechet distance between Gaussian fits of two feature sets (Heusel et al., 2017; the "F" of FID):
/// d^2 = |mu1 - mu2|^2 + tr(S1) + tr(S2) - 2 tr((S1^1/2 S2 S1^1/2)^1/2).
/// Square roots of covariances come from symmetric eigendecompositions in float64 (eigenvalues clamped at 0), which
/// stay real and stable where a general matrix square root of S1 S2 returns complex round-off.
/// </summary>
public static class FrechetDistance
{
    /// <summary>
    /// Fits a Gaussian (mean, unbiased covariance) to the rows of <paramref name="features"/> [n, d].
    /// Throws when n is not larger than d: the covariance would be singular and FID meaningless.
    /// </summary>
    public static GaussianFit Fit(Tensor features, string name = "features")
    {
        FeatureChecks.Validate(features, name, minRows: 2);
        long n = features.shape[0], d = features.shape[1];
        if (n <= d)
            throw new ArgumentException(
                $"{name} has {n} samples of dimension {d}: a covariance fitted to n <= d samples is singular, so FID is not defined. " +
                "Use KID (unbiased at any n) or provide more samples than dimensions.", name);
        using var scope = torch.NewDisposeScope();
        var x = features.to_type(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.T.matmul(centred) / (n - 1);
        return new GaussianFit(mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope(), n);
    }

    /// <summary>Frechet distance between the Gaussian fits of the rows of two feature sets [n1, d] and [n2, d].</summary>
    public static double Compute(Tensor features1, Tensor features2, string name1 = "features1", string name2 = "features2")
    {
        FeatureChecks.SameDimension(features1, features2, name1, name2);
        var fit1 = Fit(features1, name1);
        var fit2 = Fit(features2, name2);
        try
        {
            return FromStatistics(fit1.Mean, fit1.Covariance, fit2.Mean, fit2.Covariance);
        }
        finally
        {
            fit1.Mean.Dispose(); fit1.Covariance.Dispose(); fit2.Mean.Dispose(); fit2.Covariance.Dispose();
        }
    }

    /// <summary>
    /// Frechet distance between N(mean1, covariance1) and N(mean2, covariance2): the squared 2-Wasserstein distance
    /// between the two Gaussians. Covariances must be symmetric positive semi-definite [d, d].
    /// </summary>
    public static double FromStatistics(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        using var scope = torch.NewDisposeScope();
        var m1 = mean1.to_type(ScalarType.Float64);
        var m2 = mean2.to_type(ScalarType.Float64);
        var s1 = covariance1.to_type(ScalarType.Float64);
        var s2 = covariance2.to_type(ScalarType.Float64);
        var sqrtS1 = SymmetricSquareRoot(s1);
        var middle = sqrtS1.matmul(s2).matmul(sqrtS1);
        // Symmetrise: round-off makes the product slightly asymmetric, and eigvalsh reads only one triangle.
        middle = (middle + middle.T) / 2;
        var traceSqrt = torch.linalg.eigvalsh(middle).clamp_min(0).sqrt().sum();
        var diff = m1 - m2;
        var distance = diff.dot(diff) + s1.trace() + s2.trace() - 2 * traceSqrt;
        // Round-off can push an exact 0 a little below zero; a squared distance is never negative.
        return Math.Max(0.0, distance.item<double>());
    }

    /// <summary>The PSD square root V diag(sqrt(max(l, 0))) V^T of a symmetric matrix.</summary>
    public static Tensor SymmetricSquareRoot(Tensor symmetric)
    {
        using var scope = torch.NewDisposeScope();
        var s = symmetric.to_type(ScalarType.Float64);
        var (eigenvalues, eigenvectors) = torch.linalg.eigh((s + s.T) / 2);
        var root = (eigenvectors * eigenvalues.clamp_min(0).sqrt().unsqueeze(0)).matmul(eigenvectors.T);
        return root.MoveToOuterDisposeScope();
    }
}
