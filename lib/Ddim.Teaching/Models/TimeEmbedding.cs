using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ddim.Teaching.Models;

/// <summary>Sinusoidal timestep features followed by a two-layer MLP with SiLU (DDPM's temb path).</summary>
public sealed class TimeEmbedding : Module<Tensor, Tensor>
{
    private readonly int sinusoidSize;
    private readonly Linear dense0;
    private readonly Linear dense1;

    /// <summary>Creates the embedding: sinusoids of size <paramref name="sinusoidSize"/> to features of size <paramref name="outputSize"/>.</summary>
    public TimeEmbedding(int sinusoidSize, int outputSize) : base(nameof(TimeEmbedding))
    {
        this.sinusoidSize = sinusoidSize;
        dense0 = Linear(sinusoidSize, outputSize);
        dense1 = Linear(outputSize, outputSize);
        RegisterComponents();
    }

    /// <summary>Maps timesteps [B] (int64) to features [B, outputSize].</summary>
    public override Tensor forward(Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        var h = SinusoidalEmbedding.Embed(t, sinusoidSize);
        return dense1.forward(functional.silu(dense0.forward(h))).MoveToOuterDisposeScope();
    }
}
