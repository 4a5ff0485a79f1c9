using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>
/// The Analytic-DPM sampler (<see cref="AnalyticDpmSampler"/>) solved exactly in the Gaussian world. There
/// Var[x_0 | x_t] = s^2 (1 - a_t)/(a_t s^2 + 1 - a_t) per dimension, constant in x_t, and the step is affine in (x_t, z)
/// with the mean map of <see cref="ExactPropagation.StepMap(DdimStepCoefficients, double, double)"/> and noise variance
/// lambda^2 + gamma^2 Var[x_0 | x_t] (the last step included). Since q(x_prev | x_t) is Gaussian here, that step is q's
/// own: started from q(x_T) the sampler is exact at every S, and from N(0, I) only the prior's mismatch remains.
/// </summary>
public static class OptimalVariancePropagation
{
    /// <summary>Var[x_0 | x_t] for data N(mu, s^2): s^2 (1 - a)/(a s^2 + 1 - a).</summary>
    public static double PosteriorX0Variance(double alphaBar, double dataVariance) =>
        dataVariance * (1 - alphaBar) / (alphaBar * dataVariance + 1 - alphaBar);

    /// <summary>The exact output distribution of the optimal-variance sampler with the eta-mean, started from N(0, I).</summary>
    public static DiagonalGaussian Propagate(NoiseSchedule schedule, DiagonalGaussian data, TimestepSequence sequence, double eta)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(sequence);
        var noise = SamplerNoise.FromEta(eta);
        var mean = new double[data.Dimension];
        var variance = Enumerable.Repeat(1.0, data.Dimension).ToArray();
        foreach (var (t, tPrev) in sequence.SamplingSteps)
        {
            var c = DdimCoefficients.For(schedule, t, tPrev, noise);
            double gamma = AnalyticDpmSampler.Gamma(schedule, t, tPrev, c.Sigma);
            for (int d = 0; d < data.Dimension; d++)
            {
                var map = ExactPropagation.StepMap(c, data.Mean[d], data.Variance[d]);
                double added = c.Sigma * c.Sigma + gamma * gamma * PosteriorX0Variance(c.AlphaBar, data.Variance[d]);
                mean[d] = map.Scale * mean[d] + map.Offset;
                variance[d] = map.Scale * map.Scale * variance[d] + added;
            }
        }
        return new DiagonalGaussian(mean, variance);
    }

    /// <summary>Output variance over data variance, averaged over dimensions (1 = no under- or over-dispersion).</summary>
    public static double VarianceRatio(DiagonalGaussian output, DiagonalGaussian data)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(data);
        return Enumerable.Range(0, data.Dimension).Average(d => output.Variance[d] / data.Variance[d]);
    }
}
