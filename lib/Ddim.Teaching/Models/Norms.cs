using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ddim.Teaching.Models;

/// <summary>Normalisation layers with explicitly initialised affine parameters.</summary>
public static class Norms
{
    /// <summary>
    /// GroupNorm with weight 1 and bias 0. TorchSharp 0.107.0 leaves GroupNorm's affine parameters uninitialised
    /// (values like 1e-41, sometimes NaN), which makes training diverge from step 0; PyTorch's reset_parameters sets
    /// exactly these values.
    /// </summary>
    public static TorchSharp.Modules.GroupNorm GroupNorm(int groups, int channels)
    {
        if (channels % groups != 0)
            throw new ArgumentException($"channels ({channels}) must be divisible by the GroupNorm group count ({groups}); choose widths that are multiples of {groups}.", nameof(channels));
        var norm = nn.GroupNorm(groups, channels);
        using (torch.no_grad())
        {
            norm.weight!.fill_(1.0);
            norm.bias!.zero_();
        }
        return norm;
    }
}
