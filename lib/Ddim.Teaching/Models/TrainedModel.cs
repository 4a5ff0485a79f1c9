using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Models;

/// <summary>Which of a checkpoint's two sets of weights to load.</summary>
public enum Weights
{
    /// <summary>The exponential moving average of the trained weights (what DDPM and DDIM sample from); the default.</summary>
    Ema,
    /// <summary>The trained weights themselves (full training checkpoints only; an exported file has only one set).</summary>
    Raw,
}

/// <summary>
/// A trained noise predictor as one value: the network (eval mode, on <see cref="Device"/>), the noise schedule it was
/// trained with, the checkpoint's metadata and loss history, all from one read of the file. Sample with <see cref="Schedule"/>: a
/// network only predicts noise for the alpha-bar sequence it was trained on.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(string path, NoisePredictorNetwork network, CheckpointMetadata metadata, Weights weights, Device device, float[] lossHistory)
    {
        LossHistory = lossHistory;
        Path = path;
        Network = network;
        Metadata = metadata;
        Weights = weights;
        Device = device;
        Schedule = metadata.Schedule.Create();
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>The network eps_theta(x_t, t), in eval mode.</summary>
    public NoisePredictorNetwork Network { get; }

    /// <summary>The noise schedule of training (alpha-bar_t for t = 0..T-1).</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>Architecture, schedule, data set, steps and training settings, as stored in the file.</summary>
    public CheckpointMetadata Metadata { get; }

    /// <summary>The weights loaded: <see cref="Weights.Raw"/> also when EMA was asked for but the file has none.</summary>
    public Weights Weights { get; }

    /// <summary>The training loss of every step, from step 1 (empty when the file has no history).</summary>
    public IReadOnlyList<float> LossHistory { get; }

    /// <summary>Where the network lives; x_T and images must be moved here.</summary>
    public Device Device { get; }

    /// <summary>The shape of one sample without the batch: [C, H, W] for an image network, [D] for points.</summary>
    public long[] SampleShape => Network.Spec.Kind == ModelKind.UNet
        ? [Network.Spec.UNet!.ImageChannels, Network.Spec.UNet.ImageSize, Network.Spec.UNet.ImageSize]
        : [Network.Spec.Mlp!.Dimensions];

    /// <summary>
    /// Reads <paramref name="path"/> once and builds its network with the chosen <paramref name="weights"/> on
    /// <paramref name="device"/> (default the CPU). A missing, foreign or truncated file fails with a message naming it.
    /// </summary>
    public static TrainedModel Load(string path, Device? device = null, Weights weights = Weights.Ema)
    {
        using var checkpoint = Checkpoint.Read(path);
        var network = checkpoint.Metadata.Model.Create();
        bool hasEma = checkpoint.Tensors.Keys.Any(k => k.StartsWith("ema.", StringComparison.Ordinal));
        var loaded = weights == Weights.Ema && hasEma ? Weights.Ema : Weights.Raw;
        Checkpoint.LoadWeights(network, checkpoint.Tensors, loaded == Weights.Ema ? "ema." : "model.", path);
        var where = device ?? CPU;
        network.to(where);
        network.eval();
        float[] history = checkpoint.Tensors.TryGetValue("history.loss", out var loss) ? loss.data<float>().ToArray() : [];
        return new TrainedModel(path, network, checkpoint.Metadata, loaded, where, history);
    }

    /// <summary>Frees the network.</summary>
    public void Dispose() => Network.Dispose();
}
