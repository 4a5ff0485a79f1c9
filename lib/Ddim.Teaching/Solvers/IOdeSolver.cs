using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using static TorchSharp.torch;

namespace Ddim.Teaching.Solvers;

/// <summary>
/// A deterministic solver of the probability-flow ODE (DDIM Eq. 14) from x_T to x_0 over the timesteps of a
/// <see cref="TimestepSequence"/> (tau_S -&gt; ... -&gt; tau_1 -&gt; -1), driven by any <see cref="INoisePredictor"/>: the same
/// interface and time grids as <see cref="DdimSampler"/>.
/// </summary>
public interface IOdeSolver
{
    /// <summary>Which solver this is.</summary>
    SolverKind Kind { get; }

    /// <summary>Model evaluations made so far (batch included).</summary>
    int ModelCalls { get; }

    /// <summary>
    /// Integrates from <paramref name="xT"/> through every step of <paramref name="sequence"/> and returns x_0; with
    /// <paramref name="toX0"/> false it stops on the last grid point tau_1 and returns x at t = tau_1 (before the final
    /// step to t = -1, which every solver here takes at first order).
    /// </summary>
    Tensor Solve(INoisePredictor model, Tensor xT, TimestepSequence sequence, bool toX0 = true);
}
