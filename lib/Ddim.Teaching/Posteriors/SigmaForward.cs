using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Posteriors;

/// <summary>A Gaussian over x_t whose mean is linear in (x_0, x_prev): N(X0Coefficient x_0 + XPrevCoefficient x_prev, Variance I).</summary>
public sealed record ForwardStep(double X0Coefficient, double XPrevCoefficient, double Variance)
{
    /// <summary>Standard deviation sqrt(Variance).</summary>
    public double Std => Math.Sqrt(Variance);

    /// <summary>The mean for scalar x_0 and x_prev.</summary>
    public double Mean(double x0, double xPrev) => X0Coefficient * x0 + XPrevCoefficient * xPrev;
}

/// <summary>
/// DDIM Eq. (8), the forward process of the sigma-family by Bayes' rule:
/// q_sigma(x_t | x_prev, x_0) = q_sigma(x_prev | x_t, x_0) q(x_t | x_0) / q(x_prev | x_0). In DDIM notation (a = DDPM alpha-bar)
/// it is N(sqrt(a_t) x_0 + k (x_prev - sqrt(a_prev) x_0), sigma^2 (1 - a_t)/(1 - a_prev)) with
/// k = sqrt(1 - a_prev - sigma^2) sqrt(1 - a_t)/(1 - a_prev). The weight of x_0, sqrt(a_t) - k sqrt(a_prev), vanishes only
/// for sigma = sigma(eta = 1): every other member of the family is not Markovian.
/// </summary>
public static class SigmaForward
{
    /// <summary>The mean coefficients and variance of q_sigma(x_t | x_prev, x_0) for the pair t -&gt; tPrev, with tPrev in 0..t-1.</summary>
    public static ForwardStep Coefficients(NoiseSchedule schedule, int t, int tPrev, double sigma)
    {
        var (a, aPrev) = StepPair.Check(schedule, t, tPrev);
        if (tPrev == -1)
            throw new ArgumentOutOfRangeException(nameof(tPrev), tPrev, $"t_prev must lie in 0..{t - 1} here: at t_prev = -1 the state is x_0 itself.");
        var reverse = SigmaPosterior.Coefficients(schedule, t, tPrev, sigma);
        // Joint of (x_prev, x_t) given x_0 is Gaussian: Cov = XtCoefficient (1 - a_t), Var(x_prev) = 1 - a_prev; the
        // conditional variance (1 - a_t) - k^2 (1 - a_prev) simplifies to sigma^2 (1 - a_t)/(1 - a_prev).
        double k = reverse.XtCoefficient * (1 - a) / (1 - aPrev);
        return new ForwardStep(Math.Sqrt(a) - k * Math.Sqrt(aPrev), k, sigma * sigma * (1 - a) / (1 - aPrev));
    }
}
