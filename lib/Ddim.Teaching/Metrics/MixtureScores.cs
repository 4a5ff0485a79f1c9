using Ddim.Teaching.Data;
using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>
/// Sample quality where the data density is known exactly, a 2-D Gaussian mixture: the mean log-density of the samples under
/// the true mixture (higher is better) and the share of samples near one of its modes.
/// </summary>
public static class MixtureScores
{
    /// <summary>The mean over samples of log sum_k w_k N(x; m_k, s^2 I), for samples <paramref name="x"/> of shape [N, 2].</summary>
    public static double MeanLogDensity(GaussianMixture2d mixture, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        using var scope = NewDisposeScope();
        var d2 = SquaredDistances(mixture, x);                                                    // [N, K]
        double s2 = mixture.Std * mixture.Std;
        var logWeights = tensor(mixture.Weights.Select(w => Math.Log(w)).ToArray(), dtype: d2.dtype, device: d2.device);
        var logp = (-d2 / (2 * s2) - Math.Log(2 * Math.PI * s2) + logWeights.unsqueeze(0)).logsumexp(1);
        return logp.mean().to_type(float64).item<double>();
    }

    /// <summary>The share of samples whose nearest mode lies within <paramref name="radius"/>.</summary>
    public static double ShareNearMode(GaussianMixture2d mixture, Tensor x, double radius)
    {
        ArgumentNullException.ThrowIfNull(mixture);
        if (!(radius > 0)) throw new ArgumentOutOfRangeException(nameof(radius), radius, "radius must be > 0 (e.g. 3 standard deviations).");
        using var scope = NewDisposeScope();
        var nearest = SquaredDistances(mixture, x).min(1).values.sqrt();
        return nearest.lt(radius).to_type(float64).mean().item<double>();
    }

    private static Tensor SquaredDistances(GaussianMixture2d mixture, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[1] != 2)
            throw new ArgumentException($"samples have shape [{string.Join(", ", x.shape)}]; give [N, 2] points in the plane.", nameof(x));
        var means = tensor(mixture.Means.SelectMany(m => new[] { m.X, m.Y }).ToArray(), dtype: x.dtype, device: x.device).view(-1, 2);
        return (x.unsqueeze(1) - means.unsqueeze(0)).square().sum(2);
    }
}
