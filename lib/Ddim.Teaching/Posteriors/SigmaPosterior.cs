using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Posteriors;

/// <summary>
/// DDIM Eq. (7), the non-Markovian family q_sigma(x_{t-1} | x_t, x_0) in DDIM notation (a = DDPM alpha-bar):
/// N(sqrt(a_prev) x_0 + sqrt(1 - a_prev - sigma^2) (x_t - sqrt(a_t) x_0)/sqrt(1 - a_t), sigma^2 I),
/// admissible for 0 &lt;= sigma^2 &lt;= 1 - a_prev. By Lemma 1 every member keeps q(x_t | x_0) for all t.
/// </summary>
public static class SigmaPosterior
{
    /// <summary>The mean coefficients and variance of q_sigma(x_prev | x_t, x_0) for the pair t -&gt; tPrev.</summary>
    public static GaussianStep Coefficients(NoiseSchedule schedule, int t, int tPrev, double sigma)
    {
        var (a, aPrev) = StepPair.Check(schedule, t, tPrev);
        double bound = 1 - aPrev;
        if (!StepPair.IsAdmissible(sigma, aPrev))
            throw new ArgumentException($"sigma = {sigma} at t = {t}: Eq. (7) needs 0 <= sigma^2 <= 1 - a_prev = {bound:G6}.", nameof(sigma));
        double direction = Math.Sqrt(Math.Max(bound - sigma * sigma, 0)) / Math.Sqrt(1 - a);
        return new GaussianStep(Math.Sqrt(aPrev) - direction * Math.Sqrt(a), direction, sigma * sigma);
    }
}
