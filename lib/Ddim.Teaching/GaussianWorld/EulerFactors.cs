using Ddim.Teaching.Ode;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>
/// The ODE solvers of DDIM Section 4.3 in closed form, for data N(mu, s^2) in the variable x-bar = x/sqrt(alpha): eps* is
/// linear, eps*(x-bar) = sigma (x-bar - mu)/(s^2 + sigma^2), so every step multiplies (x-bar - mu) by a factor. The factors
/// below are exact for one step from sigma to sigmaPrev; their product over a sequence gives the endpoint of a whole solve.
/// </summary>
public static class EulerFactors
{
    /// <summary>The exact ODE (14): (x-bar - mu) scales by sqrt((s^2 + sigmaPrev^2)/(s^2 + sigma^2)).</summary>
    public static double Exact(double s, double sigma, double sigmaPrev) =>
        Math.Sqrt((s * s + sigmaPrev * sigmaPrev) / (s * s + sigma * sigma));

    /// <summary>One Euler step in sigma (DDIM, Eq. 13): 1 + sigma (sigmaPrev - sigma)/(s^2 + sigma^2).</summary>
    public static double EulerInSigma(double s, double sigma, double sigmaPrev) =>
        1 + sigma * (sigmaPrev - sigma) / (s * s + sigma * sigma);

    /// <summary>One Euler step in t of the VE probability-flow ODE (Eq. 15): 1 + (sigmaPrev^2 - sigma^2)/(2 (s^2 + sigma^2)).</summary>
    public static double EulerInTime(double s, double sigma, double sigmaPrev) =>
        1 + 0.5 * (sigmaPrev * sigmaPrev - sigma * sigma) / (s * s + sigma * sigma);

    /// <summary>The one-step factor of <paramref name="kind"/>.</summary>
    public static double Step(OdeDiscretisation kind, double s, double sigma, double sigmaPrev) => kind switch
    {
        OdeDiscretisation.Sigma => EulerInSigma(s, sigma, sigmaPrev),
        OdeDiscretisation.Time => EulerInTime(s, sigma, sigmaPrev),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "use OdeDiscretisation.Sigma or OdeDiscretisation.Time."),
    };

    /// <summary>The product g of the step factors over <paramref name="sequence"/>: the solve maps x-bar_T - mu to g (x-bar_T - mu).</summary>
    public static double Total(NoiseSchedule schedule, double s, TimestepSequence sequence, OdeDiscretisation kind)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(sequence);
        return sequence.SamplingSteps.Aggregate(1.0, (g, p) => g * Step(kind, s, Sigma(schedule, p.T), Sigma(schedule, p.TPrev)));
    }

    /// <summary>
    /// RMS error of the solver's x_0 against the exact ODE map, |g sqrt(s^2 + sigma_T^2) - s|: x-bar_T - mu has std
    /// sqrt(s^2 + sigma_T^2), the exact map takes it to std s, the solver to std g sqrt(s^2 + sigma_T^2).
    /// </summary>
    public static double RmsEndpointError(NoiseSchedule schedule, double s, TimestepSequence sequence, OdeDiscretisation kind)
    {
        double sigmaT = Sigma(schedule, sequence.First);
        return Math.Abs(Total(schedule, s, sequence, kind) * Math.Sqrt(s * s + sigmaT * sigmaT) - s);
    }

    private static double Sigma(NoiseSchedule schedule, int t) => DdimOde.SigmaOf(schedule.AlphaBar(t));
}
