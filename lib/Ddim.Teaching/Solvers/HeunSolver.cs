using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Solvers;

/// <summary>
/// Heun's second-order method in sigma (Karras et al. 2022, Algorithm 1, deterministic). In x-bar = x/sqrt(a) and
/// sigma = sqrt((1 - a)/a) the ODE is d x-bar/d sigma = eps(x, t) (DDIM Eq. 14), and a DDIM step with noise prediction e
/// is exactly x-bar_prev = x-bar_t + (sigma_prev - sigma_t) e. Heun takes the Euler (DDIM) step to x', evaluates eps there,
/// and redoes the step with the average slope (eps(x_t, t) + eps(x', t_prev))/2: the trapezoidal rule, local error
/// O(h^3), global O(h^2). The last step, to sigma = 0 (t_prev = -1, where the model is not defined), stays Euler, as in
/// Karras et al.; so a sequence of L steps costs 2L - 1 evaluations.
/// </summary>
public sealed class HeunSolver : IOdeSolver
{
    private readonly PredictorCalls calls = new();

    /// <summary>A Heun solver over the given schedule.</summary>
    public HeunSolver(NoiseSchedule schedule)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
    }

    /// <summary>The schedule whose alpha-bar defines sigma(t).</summary>
    public NoiseSchedule Schedule { get; }

    /// <inheritdoc />
    public SolverKind Kind => SolverKind.Heun;

    /// <inheritdoc />
    public int ModelCalls => calls.Count;

    /// <summary>One Heun step t -&gt; tPrev (an Euler step when tPrev = -1).</summary>
    public Tensor Step(INoisePredictor model, Tensor xt, int t, int tPrev)
    {
        var c = DdimCoefficients.For(Schedule, t, tPrev, SamplerNoise.Deterministic);
        using var scope = NewDisposeScope();
        var eps = calls.PredictNoise(model, xt, t);
        var euler = DdimStep.Apply(xt, eps, c).XPrev;
        if (tPrev == -1)
            return euler.MoveToOuterDisposeScope();
        var slope = 0.5 * (eps + calls.PredictNoise(model, euler, tPrev));
        return DdimStep.Apply(xt, slope, c).XPrev.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor Solve(INoisePredictor model, Tensor xT, TimestepSequence sequence, bool toX0 = true)
    {
        SolverChecks.Sequence(Schedule, sequence);
        using var scope = NewDisposeScope();
        var x = xT;
        foreach (var (t, tPrev) in SolverChecks.Steps(sequence, toX0))
            x = Step(model, x, t, tPrev);
        return (ReferenceEquals(x, xT) ? xT.clone() : x).MoveToOuterDisposeScope();
    }
}
