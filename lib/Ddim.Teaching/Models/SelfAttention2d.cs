using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ddim.Teaching.Models;

/// <summary>DDPM's AttnBlock: single-head self-attention over all pixels of a feature map, with a residual connection.</summary>
public sealed class SelfAttention2d : Module<Tensor, Tensor>
{
    private readonly GroupNorm norm;
    private readonly Conv2d qkv;
    private readonly Conv2d proj_out;

    /// <summary>Creates the block for <paramref name="channels"/> channels.</summary>
    public SelfAttention2d(int channels, int groups) : base(nameof(SelfAttention2d))
    {
        norm = Norms.GroupNorm(groups, channels);
        qkv = Conv2d(channels, 3 * channels, 1);
        proj_out = Conv2d(channels, channels, 1);
        RegisterComponents();
    }

    /// <summary>x [B, C, H, W] -> x + attention(x), same shape.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        long b = x.shape[0], c = x.shape[1], h = x.shape[2], w = x.shape[3];
        var parts = qkv.forward(norm.forward(x)).reshape(b, 3, c, h * w).transpose(2, 3).unbind(1);
        // softmax(q k^T / sqrt(C)) v over the H*W positions.
        var attended = functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]);
        var back = attended.transpose(1, 2).reshape(b, c, h, w);
        return (x + proj_out.forward(back)).MoveToOuterDisposeScope();
    }
}
