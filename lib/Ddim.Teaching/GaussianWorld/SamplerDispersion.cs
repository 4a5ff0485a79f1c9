using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>
/// The noise one step injects against the bound of the q_sigma family (DDIM Eq. 7 needs sigma^2 &lt;= 1 - a_prev, so that the
/// direction term sqrt(1 - a_prev - sigma^2) exists). Inside the bound Lemma 1 keeps the marginals; above it the step is not a
/// member of the family and nothing guarantees them.
/// </summary>
/// <param name="T">The step's start time t.</param>
/// <param name="TPrev">The step's end time (-1 for the last step).</param>
/// <param name="NoiseVariance">The variance of the fresh noise the step adds (sigma_t^2, or sigma-hat_t^2).</param>
/// <param name="Bound">1 - a_prev: the largest noise variance of any member of the q_sigma family for this step.</param>
public sealed record StepNoiseBudget(int T, int TPrev, double NoiseVariance, double Bound)
{
    /// <summary>max(0, NoiseVariance - Bound): the noise variance beyond anything the q_sigma family allows.</summary>
    public double Excess => Math.Max(0, NoiseVariance - Bound);
}

/// <summary>One cell of a data-scale sweep: isotropic data N(0, std^2 I), one sampler, its exact FD and variance ratio.</summary>
public sealed record DataScaleRow(double DataStd, SamplerNoise Noise, double Fd, double VarianceRatio);

/// <summary>
/// Why samplers miss at small S in the Gaussian world, made exact. Eq. (12) plugs the posterior mean of x_0 (x0_hat) into
/// the step and drops Var[x_0 | x_t], so with few steps every eta-sampler's output is too narrow (its total variance is
/// below the data's: Analytic-DPM, Bao et al. 2022, derives the variance that would correct this). sigma-hat adds noise
/// above the family's bound; whether that helps (wide data, where it offsets the under-dispersion) or hurts (narrow data)
/// depends on the data's spread.
/// </summary>
public static class SamplerDispersion
{
    /// <summary>Total variance of <paramref name="output"/> over that of <paramref name="data"/>: 1 for a perfect spread, &lt; 1 under-dispersed.</summary>
    public static double VarianceRatio(DiagonalGaussian output, DiagonalGaussian data)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(data);
        if (output.Dimension != data.Dimension)
            throw new ArgumentException($"dimensions differ: output {output.Dimension}, data {data.Dimension}.", nameof(output));
        return output.Variance.Sum() / data.Variance.Sum();
    }

    /// <summary>The exact variance ratio of a sampler's output in the Gaussian world (see <see cref="VarianceRatio(DiagonalGaussian, DiagonalGaussian)"/>).</summary>
    public static double VarianceRatio(NoiseSchedule schedule, DiagonalGaussian data, TimestepSequence sequence, SamplerNoise noise) =>
        VarianceRatio(ExactPropagation.Propagate(schedule, data, sequence, noise), data);

    /// <summary>
    /// The variance one step of Eq. (12) drops, per dimension, for data of variance s^2 when x_t has its true marginal. The
    /// q_sigma kernel (Eq. 7) is x_prev = c x_t + lambda x_0 + sigma z with lambda = sqrt(a_prev) - sqrt(1 - a_prev - sigma^2)
    /// sqrt(a_t/(1 - a_t)); Eq. (12) puts x0_hat = E[x_0 | x_t] in place of x_0 and so loses
    /// lambda^2 Var[x_0 | x_t] = lambda^2 s^2 (1 - a_t)/(a_t s^2 + 1 - a_t). lambda grows with sigma, so larger eta drops more;
    /// on the last step (a_prev = 1, sigma = 0) lambda = 1 and the whole posterior variance is lost. Eta samplers only: for
    /// sigma-hat the step also adds sigma-hat^2 - sigma(1)^2 of noise on top.
    /// </summary>
    public static double DroppedVariance(DdimStepCoefficients c, double dataVariance)
    {
        ArgumentNullException.ThrowIfNull(c);
        double a = c.AlphaBar;
        double lambda = Math.Sqrt(c.AlphaBarPrev) - c.Direction * Math.Sqrt(a / (1 - a));
        return lambda * lambda * dataVariance * (1 - a) / (a * dataVariance + 1 - a);
    }

    /// <summary>Each step's injected noise variance against the bound 1 - a_prev, in sampling order.</summary>
    public static StepNoiseBudget[] NoiseBudget(NoiseSchedule schedule, TimestepSequence sequence, SamplerNoise noise) =>
        DdimCoefficients.ForSequence(schedule, sequence, noise)
            .Select(c => new StepNoiseBudget(c.T, c.TPrev, c.NoiseStd * c.NoiseStd, 1 - c.AlphaBarPrev)).ToArray();

    /// <summary>
    /// The exact output when the steps chosen by <paramref name="capped"/> (default: every step) inject at most the bound's
    /// noise, std sqrt(1 - a_prev), and all else stays as <paramref name="noise"/> has it: how much of a sampler's error is
    /// its excess noise.
    /// </summary>
    public static DiagonalGaussian PropagateWithoutExcessNoise(NoiseSchedule schedule, DiagonalGaussian data, TimestepSequence sequence,
        SamplerNoise noise, Func<DdimStepCoefficients, bool>? capped = null)
    {
        var steps = DdimCoefficients.ForSequence(schedule, sequence, noise)
            .Select(c => capped is null || capped(c) ? c with { NoiseStd = Math.Min(c.NoiseStd, Math.Sqrt(1 - c.AlphaBarPrev)) } : c);
        return ExactPropagation.Propagate(data, steps);
    }

    /// <summary>
    /// Exact FD and variance ratio for isotropic data N(0, std^2 I) in <paramref name="dimension"/> dimensions, for every
    /// std and sampler: where sigma-hat's extra noise turns from a help into a harm.
    /// </summary>
    public static IReadOnlyList<DataScaleRow> DataScaleSweep(NoiseSchedule schedule, IEnumerable<double> dataStds, int dimension,
        TimestepSequence sequence, IEnumerable<SamplerNoise> noises)
    {
        ArgumentNullException.ThrowIfNull(dataStds);
        ArgumentNullException.ThrowIfNull(noises);
        var noiseList = noises.ToArray();
        var rows = new List<DataScaleRow>();
        foreach (double std in dataStds)
        {
            var data = DiagonalGaussian.Isotropic(0, std, dimension);
            foreach (var noise in noiseList)
            {
                var output = ExactPropagation.Propagate(schedule, data, sequence, noise);
                rows.Add(new DataScaleRow(std, noise, output.FrechetDistance(data), VarianceRatio(output, data)));
            }
        }
        return rows;
    }
}
