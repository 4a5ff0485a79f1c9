using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Solvers;

/// <summary>
/// DDIM eta = 0 as an ODE solver: per step x_prev = sqrt(a_prev) x0_hat + sqrt(1 - a_prev) eps (<see cref="DdimStep"/>),
/// which is one Euler step of d x-bar = eps d sigma (x-bar = x/sqrt(a), sigma = sqrt((1 - a)/a)); first order. The loop is
/// the one of <see cref="DdimSampler.Sample"/> at eta = 0, so both give the same samples.
/// </summary>
public sealed class DdimSolver : IOdeSolver
{
    private readonly PredictorCalls calls = new();

    /// <summary>A DDIM (eta = 0) solver over the given schedule.</summary>
    public DdimSolver(NoiseSchedule schedule)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
    }

    /// <summary>The schedule whose alpha-bar the steps use.</summary>
    public NoiseSchedule Schedule { get; }

    /// <inheritdoc />
    public SolverKind Kind => SolverKind.Ddim;

    /// <inheritdoc />
    public int ModelCalls => calls.Count;

    /// <inheritdoc />
    public Tensor Solve(INoisePredictor model, Tensor xT, TimestepSequence sequence, bool toX0 = true)
    {
        SolverChecks.Sequence(Schedule, sequence);
        using var scope = NewDisposeScope();
        var x = xT;
        foreach (var (t, tPrev) in SolverChecks.Steps(sequence, toX0))
        {
            var c = DdimCoefficients.For(Schedule, t, tPrev, SamplerNoise.Deterministic);
            x = DdimStep.Apply(x, calls.PredictNoise(model, x, t), c).XPrev;
        }
        return (ReferenceEquals(x, xT) ? xT.clone() : x).MoveToOuterDisposeScope();
    }
}
