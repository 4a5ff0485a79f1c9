using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>An affine noise predictor eps_theta(x_t) = W x_t + B (one data dimension).</summary>
public readonly record struct AffineFit(double W, double B);

/// <summary>
/// The minimiser of the weighted eps-MSE sum_t gamma_t E(w x_t + b - eps)^2 for 1-D Gaussian data N(mu, s^2), where
/// x_t = sqrt(alpha_t) x_0 + sqrt(1 - alpha_t) eps (Eq. 4). The loss is quadratic; its minimiser solves the normal equations
/// [E x_t^2, E x_t; E x_t, 1] (w, b) = (E x_t eps, E eps) with E x_t^2 = alpha_t (mu^2 + s^2) + 1 - alpha_t,
/// E x_t = sqrt(alpha_t) mu, E x_t eps = sqrt(1 - alpha_t), E eps = 0: per t when the parameters are not shared across t,
/// summed over t with weights gamma_t when one (w, b) serves every t. This is the small example behind Theorem 1's
/// "the weighting does not matter".
/// </summary>
public static class WeightedEpsFit
{
    private readonly record struct Moments(double Xx, double X, double One, double Xe)
    {
        public static Moments operator +(Moments a, Moments b) => new(a.Xx + b.Xx, a.X + b.X, a.One + b.One, a.Xe + b.Xe);
        public static Moments operator *(double g, Moments m) => new(g * m.Xx, g * m.X, g * m.One, g * m.Xe);

        public AffineFit Solve()
        {
            double det = Xx * One - X * X;
            return new AffineFit(Xe * One / det, -X * Xe / det);
        }
    }

    private static Moments At(NoiseSchedule schedule, int t, double mu, double sd)
    {
        double a = schedule.AlphaBar(t);
        return new Moments(a * (mu * mu + sd * sd) + 1 - a, Math.Sqrt(a) * mu, 1, Math.Sqrt(1 - a));
    }

    private static void CheckWeights(IReadOnlyList<int> ts, IReadOnlyList<double> gamma)
    {
        ArgumentNullException.ThrowIfNull(ts);
        ArgumentNullException.ThrowIfNull(gamma);
        if (ts.Count != gamma.Count)
            throw new ArgumentException($"{ts.Count} timesteps but {gamma.Count} weights; give one gamma_t per t.", nameof(gamma));
        if (gamma.Any(g => !(g > 0)))
            throw new ArgumentException("every gamma_t must be > 0 (a zero weight leaves that t's parameters undetermined).", nameof(gamma));
    }

    /// <summary>Parameters not shared: each t's (w_t, b_t) minimises gamma_t times its own term.</summary>
    public static AffineFit[] PerT(NoiseSchedule schedule, IReadOnlyList<int> ts, IReadOnlyList<double> gamma, double mu, double sd)
    {
        CheckWeights(ts, gamma);
        return ts.Select((t, i) => (gamma[i] * At(schedule, t, mu, sd)).Solve()).ToArray();
    }

    /// <summary>One (w, b) for every t: the minimiser of the gamma-weighted sum over <paramref name="ts"/>.</summary>
    public static AffineFit Shared(NoiseSchedule schedule, IReadOnlyList<int> ts, IReadOnlyList<double> gamma, double mu, double sd)
    {
        CheckWeights(ts, gamma);
        return ts.Select((t, i) => gamma[i] * At(schedule, t, mu, sd)).Aggregate((x, y) => x + y).Solve();
    }
}
