using System.Diagnostics;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Metrics;

/// <summary>
/// The Gaussian-world FID-versus-S table in the sweep format: for data N(mu, diag s^2) and the exact optimal predictor,
/// each sampler's output is Gaussian with a closed-form mean and variance, so its Frechet distance to the data is exact
/// (no samples, no feature network: n = 0, no KID). Rows plot beside measured ones with <see cref="Plotting.SweepPlots"/>.
/// </summary>
public static class ExactSweep
{
    /// <summary>World label of exact rows.</summary>
    public const string World = "gaussian-exact";

    /// <summary>Feature-space label of exact rows: the data space itself.</summary>
    public const string FeatureSpace = "exact-data-space";

    /// <summary>Exact rows for every (spacing, S, noise) of the grid.</summary>
    public static IReadOnlyList<SweepRow> Rows(NoiseSchedule schedule, DiagonalGaussian data, IEnumerable<int> steps,
        IEnumerable<SamplerNoise> noises, IEnumerable<SkipKind> spacings, string world = World)
    {
        var rows = new List<SweepRow>();
        var noiseList = noises.ToList();
        var stepList = steps.Order().ToList();
        foreach (var spacing in spacings)
            foreach (int s in stepList)
            {
                var sequence = TimestepSequence.Create(spacing, schedule.T, s, DuplicatePolicy.Remove);
                foreach (var noise in noiseList)
                {
                    var clock = Stopwatch.StartNew();
                    double fd = ExactPropagation.FrechetDistance(schedule, data, sequence, noise);
                    rows.Add(new SweepRow(world, s, noise, spacing.ToString().ToLowerInvariant(), 0, fd, null, null,
                        clock.Elapsed.TotalSeconds, sequence.Length, FeatureSpace));
                }
            }
        return rows;
    }
}
