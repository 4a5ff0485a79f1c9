using TorchSharp;

namespace Ddim.Teaching.Models;

/// <summary>
/// A noise predictor eps_theta(x_t, t): the only thing a sampler needs from a model. Trained networks and the exact
/// analytic predictors of the Gaussian and mixture worlds both implement it, so samplers cannot tell them apart.
/// </summary>
public interface INoisePredictor
{
    /// <summary>
    /// Predicts the noise in <paramref name="xt"/>. <paramref name="xt"/> has shape [B, ...]; <paramref name="t"/> is an
    /// int64 tensor of shape [B] with 0-based timesteps in 0..T-1 (the authors' code convention). Returns a tensor of the
    /// shape of <paramref name="xt"/>.
    /// </summary>
    torch.Tensor PredictNoise(torch.Tensor xt, torch.Tensor t);
}
