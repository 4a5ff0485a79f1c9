using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ddim.Teaching.Models;

/// <summary>
/// A noise predictor for points in R^d: the point is lifted to the hidden width, the time embedding is added before
/// every hidden layer, and the last layer maps back to d dimensions.
/// </summary>
public sealed class MlpNoisePredictor : NoisePredictorNetwork
{
    private readonly MlpConfig config;
    private readonly TimeEmbedding time_embedding;
    private readonly Linear input;
    private readonly ModuleList<Linear> hidden;
    private readonly Linear output;

    /// <summary>Builds the network for <paramref name="config"/>.</summary>
    public MlpNoisePredictor(MlpConfig config) : base(nameof(MlpNoisePredictor))
    {
        if (config.Layers < 1)
            throw new ArgumentException($"Layers must be at least 1, got {config.Layers}.", nameof(config));
        this.config = config;
        time_embedding = new TimeEmbedding(config.TimeEmbeddingSize, config.Hidden);
        input = Linear(config.Dimensions, config.Hidden);
        hidden = new ModuleList<Linear>();
        for (int i = 0; i < config.Layers; i++)
            hidden.Add(Linear(config.Hidden, config.Hidden));
        output = Linear(config.Hidden, config.Dimensions);
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override ModelSpec Spec => new(ModelKind.Mlp, Mlp: config);

    /// <summary>x_t [B, d], t int64 [B] -> predicted noise [B, d].</summary>
    public override Tensor forward(Tensor xt, Tensor t)
    {
        if (xt.dim() != 2 || xt.shape[1] != config.Dimensions)
            throw new ArgumentException($"x_t must have shape [B, {config.Dimensions}], got [{string.Join(", ", xt.shape)}].", nameof(xt));
        using var scope = torch.NewDisposeScope();
        var temb = time_embedding.forward(t);
        var h = input.forward(xt);
        foreach (var layer in hidden)
            h = layer.forward(functional.silu(h + temb));
        return output.forward(functional.silu(h)).MoveToOuterDisposeScope();
    }
}
