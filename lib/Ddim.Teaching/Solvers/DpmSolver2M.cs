using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Solvers;

/// <summary>
/// DPM-Solver-2M in noise prediction (Lu et al. 2022, the multistep solver that DPM-Solver++ rewrites): the same
/// second-order extrapolation as <see cref="DpmSolverPlusPlus2M"/>, E = (1 + 1/(2r)) eps_t - 1/(2r) eps_last, but applied to
/// the predicted noise, and the step x_prev = (sqrt(a_prev)/sqrt(a_t)) x_t - s_prev (e^h - 1) E (s = sqrt(1 - a)), which is the
/// DDIM step with eps replaced by E. Same order, same cost; it differs in what is extrapolated. eps is divided by
/// sqrt(a_t) on the way to x0_hat, so errors in an extrapolated eps are amplified at large t, where x0_hat is extrapolated
/// without that factor: the reason Lu et al. prefer data prediction.
/// </summary>
public sealed class DpmSolver2M : IOdeSolver
{
    private readonly PredictorCalls calls = new();
    private readonly DpmSolverPlusPlus2M weights;

    /// <summary>A DPM-Solver-2M over the given schedule.</summary>
    public DpmSolver2M(NoiseSchedule schedule)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        weights = new DpmSolverPlusPlus2M(schedule);
    }

    /// <summary>The schedule whose alpha-bar defines lambda(t).</summary>
    public NoiseSchedule Schedule { get; }

    /// <inheritdoc />
    public SolverKind Kind => SolverKind.DpmSolver2M;

    /// <inheritdoc />
    public int ModelCalls => calls.Count;

    /// <inheritdoc />
    public Tensor Solve(INoisePredictor model, Tensor xT, TimestepSequence sequence, bool toX0 = true)
    {
        SolverChecks.Sequence(Schedule, sequence);
        using var scope = NewDisposeScope();
        var x = xT;
        Tensor? previousEps = null;
        int tLast = 0;
        foreach (var (t, tPrev) in SolverChecks.Steps(sequence, toX0))
        {
            var c = DdimCoefficients.For(Schedule, t, tPrev, SamplerNoise.Deterministic);
            var eps = calls.PredictNoise(model, x, t);
            var e = eps;
            if (previousEps is not null && tPrev != -1)
            {
                var (wNow, wLast) = weights.Weights(tLast, t, tPrev);
                e = wNow * eps + wLast * previousEps;
            }
            x = DdimStep.Apply(x, e, c).XPrev;
            previousEps = eps;
            tLast = t;
        }
        return (ReferenceEquals(x, xT) ? xT.clone() : x).MoveToOuterDisposeScope();
    }
}
