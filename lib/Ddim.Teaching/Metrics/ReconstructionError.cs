using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>
/// Reconstruction error as in DDIM Table 2: per-dimension mean squared error between original images and their
/// reconstructions (encode x_0 -> x_T with the DDIM ODE, decode back), with pixels in [0, 1].
/// </summary>
public static class ReconstructionError
{
    /// <summary>
    /// Per-dimension MSE in [0, 1] pixel units between <paramref name="original"/> and <paramref name="reconstructed"/>,
    /// both in the models' [-1, 1] range and of the same shape. A [-1, 1] difference is twice a [0, 1] one, so the MSE
    /// is the [-1, 1] MSE divided by 4. Reconstructions are clamped to [-1, 1] first, as saved pixels would be.
    /// </summary>
    public static double PerDimensionMse(Tensor original, Tensor reconstructed)
    {
        if (!original.shape.SequenceEqual(reconstructed.shape))
            throw new ArgumentException(
                $"original [{string.Join(", ", original.shape)}] and reconstructed [{string.Join(", ", reconstructed.shape)}] must have the same shape.",
                nameof(reconstructed));
        if (original.numel() == 0) throw new ArgumentException("original is empty.", nameof(original));
        using var scope = torch.NewDisposeScope();
        var x = original.to_type(ScalarType.Float64);
        var y = reconstructed.to_type(ScalarType.Float64);
        if (!y.isfinite().all().item<bool>() || !x.isfinite().all().item<bool>())
            throw new ArgumentException("original or reconstructed contains NaN or infinite values.", nameof(reconstructed));
        y = y.clamp(-1, 1);
        return ((x - y) / 2).square().mean().item<double>();
    }
}
