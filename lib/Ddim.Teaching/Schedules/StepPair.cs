namespace Ddim.Teaching.Schedules;

/// <summary>
/// The checks every step t -&gt; t_prev shares, written once: t_prev lies in -1..t-1 (t_prev = -1 is the end, where
/// alpha-bar = 1), and a noise std sigma is admissible for the sigma-family of DDIM Eq. (7), 0 &lt;= sigma^2 &lt;= 1 - a_prev.
/// </summary>
public static class StepPair
{
    /// <summary>
    /// Relative slack of the admissibility test: sigma^2 may exceed 1 - a_prev by this fraction of it. At eta = 1 the
    /// rounding of sigma(eta)^2 lands a few ulp above or below 1 - a_prev; anything further is a real violation.
    /// </summary>
    public const double AdmissibleRelativeSlack = 1e-12;

    /// <summary>Throws unless 0 &lt;= t &lt; T and -1 &lt;= t_prev &lt; t; returns (alpha-bar_t, alpha-bar_t_prev).</summary>
    public static (double AlphaBar, double AlphaBarPrev) Check(NoiseSchedule schedule, int t, int tPrev)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (t < 0 || t >= schedule.T)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"t must lie in 0..{schedule.T - 1}; use a timestep of the schedule.");
        if (tPrev < -1 || tPrev >= t)
            throw new ArgumentOutOfRangeException(nameof(tPrev), tPrev, $"t_prev must lie in -1..{t - 1} (below t = {t}); -1 is the final step to x_0.");
        return (schedule.AlphaBar(t), schedule.AlphaBar(tPrev));
    }

    /// <summary>Whether 0 &lt;= sigma and sigma^2 &lt;= (1 - a_prev) (1 + <see cref="AdmissibleRelativeSlack"/>) (DDIM Eq. 7).</summary>
    public static bool IsAdmissible(double sigma, double alphaBarPrev) =>
        sigma >= 0 && sigma * sigma <= (1 - alphaBarPrev) * (1 + AdmissibleRelativeSlack);
}
