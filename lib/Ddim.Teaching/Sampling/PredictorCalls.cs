using Ddim.Teaching.Models;
using static TorchSharp.torch;

namespace Ddim.Teaching.Sampling;

/// <summary>
/// Evaluates eps_theta(x, t) at one integer timestep for a whole batch, without autograd, and counts the evaluations
/// (one per call, batch included): the number of function evaluations (NFE) every sampler and solver reports.
/// </summary>
public sealed class PredictorCalls
{
    /// <summary>Evaluations made so far.</summary>
    public int Count { get; private set; }

    /// <summary>eps_theta(x, t) with t broadcast to the batch of <paramref name="x"/>; counts one evaluation.</summary>
    public Tensor PredictNoise(INoisePredictor model, Tensor x, int t)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        Count++;
        using var noGrad = no_grad();
        using var ts = full(x.shape[0], t, dtype: int64, device: x.device);
        return model.PredictNoise(x, ts);
    }
}
