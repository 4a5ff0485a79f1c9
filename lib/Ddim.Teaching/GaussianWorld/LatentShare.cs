using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>
/// How much of the output's variance the latent x_T explains, exactly, for data N(0, s^2) in one dimension. Each step is
/// affine, x_{t-1} = A_t x_t + b_t + n_t z_t (<see cref="ExactPropagation.StepMap(NoiseSchedule, double, double, int, int, SamplerNoise)"/>),
/// so x_0 = (prod A_t) x_T + independent noise, and the share is (prod A_t)^2 Var(x_T) / Var(x_0) with Var(x_T) = 1.
/// </summary>
public static class LatentShare
{
    /// <summary>Share of Var(x_0) explained by x_T ~ N(0, 1): 1 for eta = 0, near 0 for eta = 1 (DDPM).</summary>
    public static double Explained(NoiseSchedule schedule, double dataStd, TimestepSequence sequence, SamplerNoise noise)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (!(dataStd > 0)) throw new ArgumentOutOfRangeException(nameof(dataStd), dataStd, "the data std s must be positive.");
        double scale = 1, variance = 1;
        foreach (var (t, tPrev) in sequence.SamplingSteps)
        {
            var map = ExactPropagation.StepMap(schedule, 0, dataStd * dataStd, t, tPrev, noise);
            scale *= map.Scale;
            variance = map.Scale * map.Scale * variance + map.NoiseStd * map.NoiseStd;
        }
        return scale * scale / variance;
    }
}
