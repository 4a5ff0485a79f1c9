using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ddim.Teaching.Models;

/// <summary>
/// The DDPM UNet (Ho et al. 2020; the architecture DDIM samples from), sized for 1x28x28: sinusoidal time embedding
/// and MLP, residual blocks with GroupNorm and SiLU, strided-conv downsampling, nearest upsampling, self-attention at
/// the lowest resolution, skip connections from every down block to the matching up block, dropout.
/// </summary>
public sealed class UNet : NoisePredictorNetwork
{
    private readonly UNetConfig config;
    private readonly TimeEmbedding time_embedding;
    private readonly Conv2d conv_in;
    private readonly ModuleList<ResidualBlock> down_blocks;
    private readonly ModuleList<Module<Tensor, Tensor>> down_attention;
    private readonly ModuleList<Downsample> downsamplers;
    private readonly ResidualBlock mid_block1;
    private readonly SelfAttention2d mid_attention;
    private readonly ResidualBlock mid_block2;
    private readonly ModuleList<ResidualBlock> up_blocks;
    private readonly ModuleList<Module<Tensor, Tensor>> up_attention;
    private readonly ModuleList<Upsample> upsamplers;
    private readonly GroupNorm norm_out;
    private readonly Conv2d conv_out;

    /// <summary>Builds the network for <paramref name="config"/>.</summary>
    public UNet(UNetConfig config) : base(nameof(UNet))
    {
        var mult = config.Multipliers;
        if (mult.Count < 1)
            throw new ArgumentException("ChannelMultipliers needs at least one level.", nameof(config));
        if (config.ImageSize % (1 << (mult.Count - 1)) != 0)
            throw new ArgumentException($"ImageSize {config.ImageSize} must be divisible by 2^(levels-1) = {1 << (mult.Count - 1)}; use fewer levels.", nameof(config));
        this.config = config;
        int ch = config.BaseChannels, tembSize = 4 * ch, g = config.Groups, levels = mult.Count;
        double p = config.Dropout;

        time_embedding = new TimeEmbedding(ch, tembSize);
        conv_in = Conv2d(config.ImageChannels, ch, 3, padding: 1);

        down_blocks = new ModuleList<ResidualBlock>();
        down_attention = new ModuleList<Module<Tensor, Tensor>>();
        downsamplers = new ModuleList<Downsample>();
        var skipChannels = new List<int> { ch };
        int current = ch;
        for (int level = 0; level < levels; level++)
        {
            int width = ch * mult[level];
            bool attend = config.AttentionAtLowest && level == levels - 1;
            for (int i = 0; i < config.ResBlocksPerLevel; i++)
            {
                down_blocks.Add(new ResidualBlock(current, width, tembSize, p, g));
                down_attention.Add(attend ? new SelfAttention2d(width, g) : Identity());
                current = width;
                skipChannels.Add(current);
            }
            if (level != levels - 1)
            {
                downsamplers.Add(new Downsample(current));
                skipChannels.Add(current);
            }
        }

        mid_block1 = new ResidualBlock(current, current, tembSize, p, g);
        mid_attention = new SelfAttention2d(current, g);
        mid_block2 = new ResidualBlock(current, current, tembSize, p, g);

        up_blocks = new ModuleList<ResidualBlock>();
        up_attention = new ModuleList<Module<Tensor, Tensor>>();
        upsamplers = new ModuleList<Upsample>();
        for (int level = levels - 1; level >= 0; level--)
        {
            int width = ch * mult[level];
            bool attend = config.AttentionAtLowest && level == levels - 1;
            for (int i = 0; i < config.ResBlocksPerLevel + 1; i++)
            {
                int skip = skipChannels[^1];
                skipChannels.RemoveAt(skipChannels.Count - 1);
                up_blocks.Add(new ResidualBlock(current + skip, width, tembSize, p, g));
                up_attention.Add(attend ? new SelfAttention2d(width, g) : Identity());
                current = width;
            }
            if (level != 0)
                upsamplers.Add(new Upsample(current));
        }

        norm_out = Norms.GroupNorm(g, current);
        conv_out = Conv2d(current, config.ImageChannels, 3, padding: 1);
        // DDPM initialises the last convolution to zero, so training starts from eps_theta = 0.
        using (torch.no_grad())
        {
            conv_out.weight!.zero_();
            conv_out.bias!.zero_();
        }
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelSpec Spec => new(ModelKind.UNet, UNet: config);

    /// <summary>x_t [B, C, H, W], t int64 [B] (0-based) -> predicted noise [B, C, H, W].</summary>
    public override Tensor forward(Tensor xt, Tensor t)
    {
        if (xt.dim() != 4 || xt.shape[1] != config.ImageChannels || xt.shape[2] != config.ImageSize || xt.shape[3] != config.ImageSize)
            throw new ArgumentException($"x_t must have shape [B, {config.ImageChannels}, {config.ImageSize}, {config.ImageSize}], got [{string.Join(", ", xt.shape)}].", nameof(xt));
        using var scope = torch.NewDisposeScope();
        var temb = time_embedding.forward(t);
        var h = conv_in.forward(xt);
        var skips = new Stack<Tensor>();
        skips.Push(h);
        int block = 0, levels = config.Multipliers.Count;
        for (int level = 0; level < levels; level++)
        {
            for (int i = 0; i < config.ResBlocksPerLevel; i++, block++)
            {
                h = down_attention[block].forward(down_blocks[block].forward(h, temb));
                skips.Push(h);
            }
            if (level != levels - 1)
            {
                h = downsamplers[level].forward(h);
                skips.Push(h);
            }
        }

        h = mid_block2.forward(mid_attention.forward(mid_block1.forward(h, temb)), temb);

        block = 0;
        for (int level = levels - 1, up = 0; level >= 0; level--)
        {
            for (int i = 0; i < config.ResBlocksPerLevel + 1; i++, block++)
                h = up_attention[block].forward(up_blocks[block].forward(torch.cat([h, skips.Pop()], 1), temb));
            if (level != 0)
                h = upsamplers[up++].forward(h);
        }
        return conv_out.forward(functional.silu(norm_out.forward(h))).MoveToOuterDisposeScope();
    }
}
