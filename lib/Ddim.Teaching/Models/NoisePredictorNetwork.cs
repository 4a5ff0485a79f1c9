using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ddim.Teaching.Models;

/// <summary>
/// A trainable eps_theta(x_t, t). Training calls <c>forward</c> (with gradients, dropout as set by train()/eval());
/// samplers call <see cref="PredictNoise"/>, which runs without gradients, exactly as they call the analytic predictors.
/// </summary>
public abstract class NoisePredictorNetwork(string name) : Module<Tensor, Tensor, Tensor>(name), INoisePredictor
{
    /// <summary>The architecture, enough to rebuild this network from a checkpoint.</summary>
    public abstract ModelSpec Spec { get; }

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <inheritdoc/>
    public Tensor PredictNoise(Tensor xt, Tensor t)
    {
        using var noGrad = torch.no_grad();
        return forward(xt, t);
    }
}
