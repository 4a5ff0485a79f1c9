using static TorchSharp.torch;

namespace Ddim.Teaching.GaussianWorld;

internal static class FlatBatch
{
    // Analytic predictors work on [B, D]; images [B, C, H, W] are the same vectors with D = C*H*W.
    public static Tensor Flatten(Tensor x, int dimension, string owner)
    {
        if (x.dim() < 1)
            throw new ArgumentException($"{owner} needs x_t of shape [B, ...]; got a scalar.", "xt");
        long d = x.shape.Skip(1).Aggregate(1L, (p, n) => p * n);
        if (d != dimension)
            throw new ArgumentException($"{owner} models D = {dimension} dimensions but x_t of shape [{string.Join(", ", x.shape)}] has {d} per sample.", "xt");
        return x.reshape(x.shape[0], dimension);
    }
}
