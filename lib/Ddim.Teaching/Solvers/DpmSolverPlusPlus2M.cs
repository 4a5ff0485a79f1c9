using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Solvers;

/// <summary>
/// DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2): a multistep solver of the ODE in data prediction and in
/// lambda = log(sqrt(a)/sqrt(1 - a)) (half the log signal-to-noise ratio). With D the predicted x_0, one first-order step is
/// x_prev = (s_prev/s_t) x_t - sqrt(a_prev) (e^{-h} - 1) D, h = lambda_prev - lambda_t, s = sqrt(1 - a): exactly DDIM
/// eta = 0 written from x0_hat (<see cref="DdimStep.FromX0"/>). The second-order step keeps that update but replaces D by
/// the extrapolation D = (1 + 1/(2r)) D_t - 1/(2r) D_last, r = h_last/h, from the x0_hat of the previous step: one
/// evaluation per step, global error O(h^2). The first step has no history and the last (to lambda = infinity, t_prev = -1)
/// has r = 0, so both are first order, as in the authors' code.
/// </summary>
public sealed class DpmSolverPlusPlus2M : IOdeSolver
{
    private readonly PredictorCalls calls = new();

    /// <summary>A DPM-Solver++(2M) over the given schedule.</summary>
    public DpmSolverPlusPlus2M(NoiseSchedule schedule)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
    }

    /// <summary>The schedule whose alpha-bar defines lambda(t).</summary>
    public NoiseSchedule Schedule { get; }

    /// <inheritdoc />
    public SolverKind Kind => SolverKind.DpmSolverPlusPlus2M;

    /// <inheritdoc />
    public int ModelCalls => calls.Count;

    /// <summary>lambda = log(sqrt(a)/sqrt(1 - a)) = -log sigma; +infinity at a = 1 (t = -1).</summary>
    public static double Lambda(double alphaBar) => 0.5 * Math.Log(alphaBar / (1 - alphaBar));

    /// <summary>
    /// The weights (w_t, w_last) of the extrapolated data prediction D = w_t D_t + w_last D_last for the step
    /// t -&gt; tPrev after the step tLast -&gt; t: (1 + 1/(2r), -1/(2r)), r = (lambda_t - lambda_last)/(lambda_prev - lambda_t).
    /// </summary>
    public (double Current, double Last) Weights(int tLast, int t, int tPrev)
    {
        double last = Lambda(Schedule.AlphaBar(tLast)), now = Lambda(Schedule.AlphaBar(t)), next = Lambda(Schedule.AlphaBar(tPrev));
        double r = (now - last) / (next - now);
        return (1 + 1 / (2 * r), -1 / (2 * r));
    }

    /// <inheritdoc />
    public Tensor Solve(INoisePredictor model, Tensor xT, TimestepSequence sequence, bool toX0 = true)
    {
        SolverChecks.Sequence(Schedule, sequence);
        using var scope = NewDisposeScope();
        var x = xT;
        Tensor? previousX0 = null;
        int tLast = 0;
        foreach (var (t, tPrev) in SolverChecks.Steps(sequence, toX0))
        {
            var c = DdimCoefficients.For(Schedule, t, tPrev, SamplerNoise.Deterministic);
            var x0 = DdimStep.PredictX0(x, calls.PredictNoise(model, x, t), c.AlphaBar);
            var d = x0;
            if (previousX0 is not null && tPrev != -1)
            {
                var (wNow, wLast) = Weights(tLast, t, tPrev);
                d = wNow * x0 + wLast * previousX0;
            }
            x = DdimStep.FromX0(x, d, c);
            previousX0 = x0;
            tLast = t;
        }
        return (ReferenceEquals(x, xT) ? xT.clone() : x).MoveToOuterDisposeScope();
    }
}
