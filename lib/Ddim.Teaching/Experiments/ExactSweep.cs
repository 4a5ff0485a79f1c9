using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Experiments;

/// <summary>
/// The Gaussian-world FID-versus-S table in the sweep format: for data N(mu, diag s^2) and the exact optimal predictor,
/// each sampler's output is Gaussian with a closed-form mean and variance, so its Frechet distance to the data is exact
/// (no samples, no feature network: n = 0, no KID). Rows plot beside measured ones (<c>SweepPlots</c>).
/// </summary>
public static class ExactSweep
{
    /// <summary>World label of exact rows.</summary>
    public const string World = "gaussian-exact";

    /// <summary>Feature-space label of exact rows: the data space itself.</summary>
    public const string FeatureSpace = "exact-data-space";

    /// <summary>
    /// Exact rows for every (spacing, S, noise) of the grid: <see cref="ExactPropagation.Sweep"/> per spacing (duplicate
    /// timesteps removed, as the measured sweep does), each row written in the sweep format.
    /// </summary>
    public static IReadOnlyList<SweepRow> Rows(NoiseSchedule schedule, DiagonalGaussian data, IEnumerable<int> steps,
        IEnumerable<SamplerNoise> noises, IEnumerable<SkipKind> spacings, string world = World)
    {
        var noiseList = noises.ToList();
        var stepList = steps.Order().ToList();
        return spacings.SelectMany(spacing => ExactPropagation.Sweep(schedule, data, stepList, noiseList, spacing, DuplicatePolicy.Remove)
                .Select(r => new SweepRow(world, r.Steps, r.Noise, spacing.ToString().ToLowerInvariant(), 0, r.Fd, null, null,
                    r.Seconds, r.Length, FeatureSpace)))
            .ToList();
    }
}
