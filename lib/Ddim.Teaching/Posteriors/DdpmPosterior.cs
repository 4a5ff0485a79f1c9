using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Posteriors;

/// <summary>
/// The DDPM posterior q(x_{t-1} | x_t, x_0) (DDPM Eqs. 6-7), for any pair t -&gt; tPrev (tPrev = t - 1 in DDPM; any
/// earlier step for a sub-sequence, with beta replaced by 1 - a_t/a_prev). DDPM notation: a = alpha-bar.
/// </summary>
public static class DdpmPosterior
{
    /// <summary>
    /// Mean = sqrt(a_prev) b/(1 - a_t) x_0 + sqrt(1 - b) (1 - a_prev)/(1 - a_t) x_t, variance beta-tilde = (1 - a_prev)/(1 - a_t) b,
    /// where b = 1 - a_t/a_prev (= beta_t when tPrev = t - 1).
    /// </summary>
    public static GaussianStep Coefficients(NoiseSchedule schedule, int t, int tPrev)
    {
        var (a, aPrev) = StepPair.Check(schedule, t, tPrev);
        double b = tPrev == t - 1 ? schedule.Beta(t) : 1 - a / aPrev;
        return new GaussianStep(
            Math.Sqrt(aPrev) * b / (1 - a),
            Math.Sqrt(1 - b) * (1 - aPrev) / (1 - a),
            (1 - aPrev) / (1 - a) * b);
    }

    /// <summary>The DDPM posterior of the consecutive pair t -&gt; t - 1.</summary>
    public static GaussianStep Coefficients(NoiseSchedule schedule, int t) => Coefficients(schedule, t, t - 1);

    /// <summary>beta-tilde_t = (1 - alpha-bar_{t-1})/(1 - alpha-bar_t) beta_t for t = 0..T-1 (0 at t = 0), for plots.</summary>
    public static double[] PosteriorVariances(NoiseSchedule schedule) =>
        Enumerable.Range(0, schedule.T).Select(t => Coefficients(schedule, t).Variance).ToArray();
}
