using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Sampling;

/// <summary>
/// The scalars of one generalized DDIM step (Eq. 12) from t to tPrev, in DDIM notation (a = DDPM alpha-bar):
/// x0_hat = (x_t - sqrt(1 - a_t) eps)/sqrt(a_t);
/// x_prev = sqrt(a_prev) x0_hat + <see cref="Direction"/> eps + <see cref="NoiseStd"/> z.
/// </summary>
/// <param name="T">The current timestep t (0-based).</param>
/// <param name="TPrev">The next timestep in sampling order (-1 for the last step, where a_prev = 1).</param>
/// <param name="AlphaBar">a_t.</param>
/// <param name="AlphaBarPrev">a_prev.</param>
/// <param name="Sigma">sigma_t of Eq. (12), the one that enters the direction term sqrt(1 - a_prev - sigma^2).</param>
/// <param name="Direction">sqrt(1 - a_prev - sigma^2): the weight of eps in the "direction pointing to x_t".</param>
/// <param name="NoiseStd">Std of the fresh noise z: sigma_t, or sigma-hat_t for the sigma-hat sampler.</param>
public sealed record DdimStepCoefficients(int T, int TPrev, double AlphaBar, double AlphaBarPrev, double Sigma, double Direction, double NoiseStd)
{
    /// <summary>x0_hat = X0FromXt x_t + X0FromEps eps, i.e. 1/sqrt(a_t) and -sqrt(1 - a_t)/sqrt(a_t).</summary>
    public double X0FromXt => 1 / Math.Sqrt(AlphaBar);

    /// <summary>See <see cref="X0FromXt"/>.</summary>
    public double X0FromEps => -Math.Sqrt(1 - AlphaBar) / Math.Sqrt(AlphaBar);

    /// <summary>x_prev = XPrevFromXt x_t + XPrevFromEps eps + NoiseStd z (Eq. 12 with x0_hat substituted).</summary>
    public double XPrevFromXt => Math.Sqrt(AlphaBarPrev) * X0FromXt;

    /// <summary>See <see cref="XPrevFromXt"/>.</summary>
    public double XPrevFromEps => Math.Sqrt(AlphaBarPrev) * X0FromEps + Direction;
}

/// <summary>Plain-double DDIM coefficients: sigma_t(eta) and the scalars of one generalized step.</summary>
public static class DdimCoefficients
{
    /// <summary>
    /// DDIM Eq. (16): sigma_t(eta) = eta sqrt((1 - a_prev)/(1 - a_t)) sqrt(1 - a_t/a_prev), with a = DDPM alpha-bar.
    /// eta = 1 gives the DDPM posterior std sqrt(beta-tilde); eta = 0 gives 0.
    /// </summary>
    public static double SigmaFromEta(double alphaBar, double alphaBarPrev, double eta) =>
        eta * Math.Sqrt((1 - alphaBarPrev) / (1 - alphaBar)) * Math.Sqrt(1 - alphaBar / alphaBarPrev);

    /// <summary>
    /// The largest admissible eta for a step: sigma(eta)^2 &lt;= 1 - a_prev iff eta^2 &lt;= (1 - a_t) a_prev/(a_prev - a_t), which
    /// is always &gt;= 1. Infinite for the last step (a_prev = 1), where sigma(eta) = 0 for every eta.
    /// </summary>
    public static double MaxEta(double alphaBar, double alphaBarPrev) =>
        alphaBarPrev >= 1 ? double.PositiveInfinity : Math.Sqrt((1 - alphaBar) * alphaBarPrev / (alphaBarPrev - alphaBar));

    /// <summary>sigma-hat_t = sqrt(1 - a_t/a_prev): the std of q(x_t | x_prev) for the pair, larger than sigma_t(1).</summary>
    public static double SigmaHat(double alphaBar, double alphaBarPrev) => Math.Sqrt(1 - alphaBar / alphaBarPrev);

    /// <summary>The coefficients of the step t -&gt; tPrev for the sampler's noise choice (Eq. 12 with Eq. 16 or sigma-hat).</summary>
    public static DdimStepCoefficients For(NoiseSchedule schedule, int t, int tPrev, SamplerNoise noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        var (a, aPrev) = Pair(schedule, t, tPrev);
        double sigma = SigmaFromEta(a, aPrev, noise.Eta);
        double remaining = 1 - aPrev - sigma * sigma;
        if (!StepPair.IsAdmissible(sigma, aPrev))
        {
            throw new ArgumentException(
                $"eta = {noise.Eta} is not admissible at t = {t} (t_prev = {tPrev}): sigma^2 = {sigma * sigma:G6} exceeds the bound " +
                $"1 - alpha_prev = {1 - aPrev:G6}; the largest eta for this step is {MaxEta(a, aPrev):G6}.", nameof(noise));
        }
        // sigma-hat adds no noise on the last step (to t_prev = -1), so every sampler ends on its x0 prediction; the authors'
        // ddpm_noisy masks the noise at t = 0, the last step of both their sequences.
        double noiseStd = noise.Kind == NoiseKind.SigmaHat ? (tPrev == -1 ? 0 : SigmaHat(a, aPrev)) : sigma;
        return new DdimStepCoefficients(t, tPrev, a, aPrev, sigma, Math.Sqrt(Math.Max(remaining, 0)), noiseStd);
    }

    /// <summary>The coefficients of Eq. (12) for an explicit sigma with 0 &lt;= sigma^2 &lt;= 1 - a_prev (any member of the family).</summary>
    public static DdimStepCoefficients ForSigma(NoiseSchedule schedule, int t, int tPrev, double sigma)
    {
        var (a, aPrev) = Pair(schedule, t, tPrev);
        double remaining = 1 - aPrev - sigma * sigma;
        if (!StepPair.IsAdmissible(sigma, aPrev))
        {
            throw new ArgumentException(
                $"sigma = {sigma} is not admissible at t = {t} (t_prev = {tPrev}): it needs 0 <= sigma^2 <= 1 - alpha_prev = {1 - aPrev:G6}.",
                nameof(sigma));
        }
        return new DdimStepCoefficients(t, tPrev, a, aPrev, sigma, Math.Sqrt(Math.Max(remaining, 0)), sigma);
    }

    /// <summary>The coefficients of every step of a sequence, in sampling order (for tables and plots).</summary>
    public static DdimStepCoefficients[] ForSequence(NoiseSchedule schedule, TimestepSequence sequence, SamplerNoise noise)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return sequence.SamplingSteps.Select(p => For(schedule, p.T, p.TPrev, noise)).ToArray();
    }

    /// <summary>sigma_t(eta) for every step of a sequence, in sampling order (for plots).</summary>
    public static double[] Sigmas(NoiseSchedule schedule, TimestepSequence sequence, double eta) =>
        sequence.SamplingSteps.Select(p => SigmaFromEta(schedule.AlphaBar(p.T), schedule.AlphaBar(p.TPrev), eta)).ToArray();

    /// <summary>
    /// The eta = 0 step run forward in t, from <paramref name="from"/> (-1 for x_0) up to <paramref name="to"/> &gt; from:
    /// x_next = sqrt(a_next) x0_hat + sqrt(1 - a_next) eps, i.e. <see cref="DdimStep.Apply"/> with a_prev := a_next.
    /// </summary>
    public static DdimStepCoefficients ForInversion(NoiseSchedule schedule, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var (aNext, a) = StepPair.Check(schedule, to, from);
        return new DdimStepCoefficients(from, to, a, aNext, 0, Math.Sqrt(1 - aNext), 0);
    }

    private static (double A, double APrev) Pair(NoiseSchedule schedule, int t, int tPrev)
    {
        var (a, aPrev) = StepPair.Check(schedule, t, tPrev);
        if (a <= 0)
        {
            throw new ArgumentException(
                $"alpha-bar at t = {t} is 0 ({schedule.Name}): x_0 cannot be predicted from x_t there; start sampling at a smaller t.",
                nameof(t));
        }
        return (a, aPrev);
    }
}
