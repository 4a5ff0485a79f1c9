using System.Diagnostics;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>One sampler step in one dimension as an affine map: x_prev = Scale x_t + Offset + NoiseStd z, z ~ N(0, 1).</summary>
public readonly record struct AffineStep(double Scale, double Offset, double NoiseStd);

/// <summary>
/// One row of an exact-FD sweep: requested steps S, noise choice, steps actually taken, exact FD to the data, and the
/// seconds the row took to compute.
/// </summary>
public sealed record ExactFdRow(int Steps, SamplerNoise Noise, int Length, double Fd, double Seconds);

/// <summary>
/// The Gaussian world solved exactly. For data N(mu, diag s^2) the optimal predictor eps* is affine in x_t, so a generalized
/// step (Eq. 12) with eps* is affine in (x_t, z): per dimension x_prev = A x_t + B + n z. A Gaussian x_t stays Gaussian and
/// mean m and variance v recurse as m' = A m + B, v' = A^2 v + n^2, from x_T ~ N(0, I) to the sampler's output.
/// Clipping x0_hat is not affine and is not covered.
/// </summary>
public static class ExactPropagation
{
    /// <summary>
    /// The affine map of one step t -&gt; tPrev for data N(mu, s^2) in one dimension, with
    /// eps*(x) = k (x - sqrt(a_t) mu), k = sqrt(1 - a_t)/(a_t s^2 + 1 - a_t), substituted into
    /// x_prev = XPrevFromXt x + XPrevFromEps eps + NoiseStd z (<see cref="DdimStepCoefficients"/>).
    /// </summary>
    public static AffineStep StepMap(NoiseSchedule schedule, double dataMean, double dataVariance, int t, int tPrev, SamplerNoise noise) =>
        StepMap(DdimCoefficients.For(schedule, t, tPrev, noise), dataMean, dataVariance);

    /// <summary>The affine map of a step whose coefficients are already known.</summary>
    public static AffineStep StepMap(DdimStepCoefficients c, double dataMean, double dataVariance)
    {
        ArgumentNullException.ThrowIfNull(c);
        double a = c.AlphaBar;
        double k = Math.Sqrt(1 - a) / (a * dataVariance + 1 - a);
        return new AffineStep(c.XPrevFromXt + c.XPrevFromEps * k, -c.XPrevFromEps * k * Math.Sqrt(a) * dataMean, c.NoiseStd);
    }

    /// <summary>
    /// The exact distribution of the sampler's output when it starts from <paramref name="start"/> (default N(0, I)) and
    /// runs every step of <paramref name="sequence"/> with the exact eps* of <paramref name="data"/>.
    /// </summary>
    public static DiagonalGaussian Propagate(NoiseSchedule schedule, DiagonalGaussian data, TimestepSequence sequence, SamplerNoise noise, DiagonalGaussian? start = null) =>
        Propagate(data, DdimCoefficients.ForSequence(schedule, sequence, noise), start);

    /// <summary>
    /// The same propagation over explicitly given step coefficients, in sampling order: the way to ask what one changed step
    /// (say, less noise in one step) does to the output.
    /// </summary>
    public static DiagonalGaussian Propagate(DiagonalGaussian data, IEnumerable<DdimStepCoefficients> steps, DiagonalGaussian? start = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(steps);
        start ??= DiagonalGaussian.StandardNormal(data.Dimension);
        if (start.Dimension != data.Dimension)
            throw new ArgumentException($"start has {start.Dimension} dimensions, data {data.Dimension}.", nameof(start));
        var mean = (double[])start.Mean.Clone();
        var variance = (double[])start.Variance.Clone();
        foreach (var c in steps)
        {
            for (int d = 0; d < data.Dimension; d++)
            {
                var map = StepMap(c, data.Mean[d], data.Variance[d]);
                mean[d] = map.Scale * mean[d] + map.Offset;
                variance[d] = map.Scale * map.Scale * variance[d] + map.NoiseStd * map.NoiseStd;
            }
        }
        return new DiagonalGaussian(mean, variance);
    }

    /// <summary>The exact Frechet distance between the sampler's output distribution and the data.</summary>
    public static double FrechetDistance(NoiseSchedule schedule, DiagonalGaussian data, TimestepSequence sequence, SamplerNoise noise) =>
        Propagate(schedule, data, sequence, noise).FrechetDistance(data);

    /// <summary>Exact FD for every (S, noise) pair: the Gaussian-world analogue of DDIM's Table 1.</summary>
    public static IReadOnlyList<ExactFdRow> Sweep(NoiseSchedule schedule, DiagonalGaussian data, IEnumerable<int> steps, IEnumerable<SamplerNoise> noises,
        SkipKind skip = SkipKind.Uniform, DuplicatePolicy duplicates = DuplicatePolicy.Refuse)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var noiseList = noises.ToArray();
        var rows = new List<ExactFdRow>();
        foreach (int s in steps)
        {
            var sequence = TimestepSequence.Create(skip, schedule.T, s, duplicates);
            foreach (var noise in noiseList)
            {
                var clock = Stopwatch.StartNew();
                double fd = FrechetDistance(schedule, data, sequence, noise);
                rows.Add(new ExactFdRow(s, noise, sequence.Length, fd, clock.Elapsed.TotalSeconds));
            }
        }
        return rows;
    }
}
