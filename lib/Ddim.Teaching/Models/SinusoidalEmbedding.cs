using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Models;

/// <summary>The transformer position encoding applied to the timestep, as in DDPM (Ho et al. 2020, Appendix B).</summary>
public static class SinusoidalEmbedding
{
    /// <summary>
    /// Maps integer timesteps [B] to [B, dim]: sin(t w_i) and cos(t w_i) with w_i = 10000^(-i/(dim/2 - 1)),
    /// i = 0..dim/2-1 (the DDPM code's get_timestep_embedding).
    /// </summary>
    public static Tensor Embed(Tensor t, int dim)
    {
        if (dim < 4 || dim % 2 != 0)
            throw new ArgumentException($"embedding size must be even and at least 4, got {dim}.", nameof(dim));
        using var scope = torch.NewDisposeScope();
        int half = dim / 2;
        var frequencies = torch.exp(torch.arange(half, dtype: ScalarType.Float32, device: t.device) * (-Math.Log(10000.0) / (half - 1)));
        var angles = t.to(ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0);
        return torch.cat([torch.sin(angles), torch.cos(angles)], 1).MoveToOuterDisposeScope();
    }
}
