using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Ode;

/// <summary>
/// DDIM as an ODE (Section 4.3). With x-bar = x/sqrt(a) and sigma = sqrt((1 - a)/a) (a = DDPM alpha-bar = DDIM alpha),
/// Eq. (14) reads d x-bar = eps(x-bar/sqrt(sigma^2 + 1), t) d sigma. Euler steps in sigma reproduce DDIM eta = 0;
/// Euler steps in t of the VE probability-flow ODE (Eq. 15) differ at large steps and agree as steps shrink.
/// </summary>
public sealed class DdimOde
{
    /// <summary>An ODE view of the given schedule.</summary>
    public DdimOde(NoiseSchedule schedule)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
    }

    /// <summary>The schedule whose alpha-bar defines sigma(t).</summary>
    public NoiseSchedule Schedule { get; }

    private readonly PredictorCalls calls = new();

    /// <summary>Number of model evaluations made so far.</summary>
    public int ModelCalls => calls.Count;

    /// <summary>sigma = sqrt((1 - a)/a), the VE noise level of x-bar; 0 at a = 1 (t = -1).</summary>
    public static double SigmaOf(double alphaBar) => Math.Sqrt((1 - alphaBar) / alphaBar);

    /// <summary>sigma(t) for t = 0..T-1 (for plots).</summary>
    public double[] Sigmas() => Schedule.AlphaBars.Select(SigmaOf).ToArray();

    /// <summary>
    /// One Euler step of Eq. (14) in sigma from t to tPrev: x-bar_prev = x-bar_t + (sigma_prev - sigma_t) eps(x_t, t),
    /// returned as x_prev = sqrt(a_prev) x-bar_prev.
    /// </summary>
    public Tensor EulerSigmaStep(INoisePredictor model, Tensor xt, int t, int tPrev)
    {
        var (a, aPrev) = Pair(t, tPrev);
        using var scope = NewDisposeScope();
        var eps = calls.PredictNoise(model, xt, t);
        var xBarPrev = xt / Math.Sqrt(a) + (SigmaOf(aPrev) - SigmaOf(a)) * eps;
        return (Math.Sqrt(aPrev) * xBarPrev).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One Euler step in t of the VE probability-flow ODE, DDIM Eq. (15):
    /// x_prev/sqrt(a_prev) = x_t/sqrt(a_t) + 1/2 (sigma_prev^2 - sigma_t^2) sqrt(a_t/(1 - a_t)) eps(x_t, t).
    /// (d x-bar = -1/2 d(sigma^2) score, score = -eps/sigma, sigma = sqrt((1 - a)/a).)
    /// </summary>
    public Tensor EulerTimeStep(INoisePredictor model, Tensor xt, int t, int tPrev)
    {
        var (a, aPrev) = Pair(t, tPrev);
        using var scope = NewDisposeScope();
        var eps = calls.PredictNoise(model, xt, t);
        double sigma = SigmaOf(a), sigmaPrev = SigmaOf(aPrev);
        var xBarPrev = xt / Math.Sqrt(a) + 0.5 * (sigmaPrev * sigmaPrev - sigma * sigma) / sigma * eps;
        return (Math.Sqrt(aPrev) * xBarPrev).MoveToOuterDisposeScope();
    }

    /// <summary>Integrates from x_T through every step of the sequence with the chosen discretisation.</summary>
    public Tensor Solve(INoisePredictor model, Tensor xT, TimestepSequence sequence, OdeDiscretisation discretisation)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        using var scope = NewDisposeScope();
        var x = xT;
        foreach (var (t, tPrev) in sequence.SamplingSteps)
        {
            var next = discretisation == OdeDiscretisation.Sigma ? EulerSigmaStep(model, x, t, tPrev) : EulerTimeStep(model, x, t, tPrev);
            if (!ReferenceEquals(x, xT))
                x.Dispose();
            x = next;
        }
        return (ReferenceEquals(x, xT) ? xT.clone() : x).MoveToOuterDisposeScope();
    }

    private (double A, double APrev) Pair(int t, int tPrev)
    {
        var (a, aPrev) = StepPair.Check(Schedule, t, tPrev);
        if (a <= 0)
            throw new ArgumentException($"alpha-bar at t = {t} is {a}: sigma = sqrt((1 - a)/a) is infinite there, so the ODE cannot start at t = {t}. " +
                "Start below the last timestep (e.g. uniform spacing) or use a schedule with alpha-bar > 0.", nameof(t));
        return (a, aPrev);
    }
}
