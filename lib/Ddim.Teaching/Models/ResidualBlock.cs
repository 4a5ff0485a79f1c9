using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ddim.Teaching.Models;

/// <summary>
/// DDPM's ResnetBlock: GroupNorm, SiLU, 3x3 conv; add the projected time embedding; GroupNorm, SiLU, dropout, 3x3 conv;
/// plus a (1x1-projected where widths differ) skip connection.
/// </summary>
public sealed class ResidualBlock : Module<Tensor, Tensor, Tensor>
{
    private readonly GroupNorm norm1;
    private readonly Conv2d conv1;
    private readonly Linear temb_proj;
    private readonly GroupNorm norm2;
    private readonly Dropout dropout;
    private readonly Conv2d conv2;
    private readonly Module<Tensor, Tensor> skip;

    /// <summary>Creates a block from <paramref name="inChannels"/> to <paramref name="outChannels"/>.</summary>
    public ResidualBlock(int inChannels, int outChannels, int timeEmbeddingSize, double dropoutRate, int groups) : base(nameof(ResidualBlock))
    {
        norm1 = Norms.GroupNorm(groups, inChannels);
        conv1 = Conv2d(inChannels, outChannels, 3, padding: 1);
        temb_proj = Linear(timeEmbeddingSize, outChannels);
        norm2 = Norms.GroupNorm(groups, outChannels);
        dropout = Dropout(dropoutRate);
        conv2 = Conv2d(outChannels, outChannels, 3, padding: 1);
        skip = inChannels == outChannels ? Identity() : Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    /// <summary>x [B, in, H, W], time embedding [B, E] -> [B, out, H, W].</summary>
    public override Tensor forward(Tensor x, Tensor temb)
    {
        using var scope = torch.NewDisposeScope();
        var h = conv1.forward(functional.silu(norm1.forward(x)));
        h = h + temb_proj.forward(functional.silu(temb)).unsqueeze(-1).unsqueeze(-1);
        h = conv2.forward(dropout.forward(functional.silu(norm2.forward(h))));
        return (skip.forward(x) + h).MoveToOuterDisposeScope();
    }
}
