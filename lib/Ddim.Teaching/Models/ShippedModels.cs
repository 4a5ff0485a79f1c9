using TorchSharp;
using Ddim.Teaching.Data;

namespace Ddim.Teaching.Models;

/// <summary>The trained networks that ship in data/checkpoints, each file name spelled once, and loading one where it may be missing.</summary>
public static class ShippedModels
{
    /// <summary>File name of the Fashion-MNIST UNet (exported EMA weights).</summary>
    public const string UNetFashionFile = "unet-fashion.ckpt";

    /// <summary>File name of the 2-D ring MLP.</summary>
    public const string MlpRingFile = "mlp-ring.ckpt";

    /// <summary>data/checkpoints/unet-fashion.ckpt.</summary>
    public static string UNetFashion => System.IO.Path.Combine(DataPaths.Checkpoints, UNetFashionFile);

    /// <summary>data/checkpoints/mlp-ring.ckpt.</summary>
    public static string MlpRing => System.IO.Path.Combine(DataPaths.Checkpoints, MlpRingFile);

    /// <summary>
    /// The model at <paramref name="path"/> (<see cref="TrainedModel.Load"/>), or null when the file is not there; then
    /// <paramref name="skipped"/> says what is skipped and how to train and export the checkpoint.
    /// </summary>
    public static TrainedModel? TryLoad(string path, torch.Device? device, out string skipped)
    {
        ArgumentNullException.ThrowIfNull(path);
        skipped = "";
        if (File.Exists(path)) return TrainedModel.Load(path, device);
        skipped = $"SKIPPED: the image sections below need the shipped checkpoint {path}, which is not there. " +
                  "Train and export it as data/README.md describes (ddim train ... --export data/checkpoints/unet-fashion.ckpt), then rerun.";
        return null;
    }
}
