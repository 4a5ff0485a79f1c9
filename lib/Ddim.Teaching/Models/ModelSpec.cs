namespace Ddim.Teaching.Models;

/// <summary>Which network architecture.</summary>
public enum ModelKind
{
    /// <summary>The DDPM-style UNet for images (<see cref="UNet"/>).</summary>
    UNet,
    /// <summary>The MLP for 2-D points (<see cref="MlpNoisePredictor"/>).</summary>
    Mlp,
}

/// <summary>
/// UNet hyper-parameters. Resolution halves after every level but the last, so a 28x28 image with three levels is
/// processed at 28, 14 and 7 pixels; self-attention runs at the lowest resolution.
/// </summary>
public sealed record UNetConfig(
    int ImageChannels = 1,
    int ImageSize = 28,
    int BaseChannels = 32,
    IReadOnlyList<int>? ChannelMultipliers = null,
    int ResBlocksPerLevel = 1,
    bool AttentionAtLowest = true,
    double Dropout = 0.1,
    int Groups = 8)
{
    /// <summary>Channel multipliers per level; (1, 2, 2) by default.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<int> Multipliers => ChannelMultipliers ?? [1, 2, 2];

    /// <summary>The shipped Fashion-MNIST size: 32/64/64 channels at 28/14/7 pixels, one block per level.</summary>
    public static UNetConfig Small => new();

    /// <summary>A CPU-friendly size: 16/32/64 channels at 28/14/7 pixels, about a third of the compute of <see cref="Small"/>.</summary>
    public static UNetConfig Compact => new(BaseChannels: 16, ChannelMultipliers: [1, 2, 4]);

    /// <summary>A seconds-to-train size for tests and quick notebook runs.</summary>
    public static UNetConfig Tiny => new(BaseChannels: 16, ChannelMultipliers: [1, 2], Groups: 4, Dropout: 0.0);

    /// <summary>A larger size for GPU training (DDPM's CIFAR-10 layout at half width).</summary>
    public static UNetConfig Large => new(BaseChannels: 64, ChannelMultipliers: [1, 2, 2], ResBlocksPerLevel: 2, Groups: 32);

    /// <summary>One readable line, e.g. "UNet 1x28x28, channels 16x(1, 2, 4), 1 block(s) per level, attention at lowest, dropout 0.1, 8 groups".</summary>
    public override string ToString() =>
        $"UNet {ImageChannels}x{ImageSize}x{ImageSize}, channels {BaseChannels}x({string.Join(", ", Multipliers)}), {ResBlocksPerLevel} block(s) per level, " +
        $"attention {(AttentionAtLowest ? "at lowest resolution and middle" : "in the middle only")}, dropout {Dropout.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {Groups} groups";
}

/// <summary>MLP hyper-parameters for 2-D data.</summary>
public sealed record MlpConfig(int Dimensions = 2, int Hidden = 128, int Layers = 3, int TimeEmbeddingSize = 64);

/// <summary>An architecture: the kind plus its configuration (the one that applies is non-null).</summary>
public sealed record ModelSpec(ModelKind Kind, UNetConfig? UNet = null, MlpConfig? Mlp = null)
{
    /// <summary>Builds a freshly initialised network of this architecture.</summary>
    public NoisePredictorNetwork Create() => Kind switch
    {
        ModelKind.UNet => new UNet(UNet ?? new UNetConfig()),
        ModelKind.Mlp => new MlpNoisePredictor(Mlp ?? new MlpConfig()),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "unknown model kind"),
    };
}
