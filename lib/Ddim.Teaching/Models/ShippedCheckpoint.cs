using TorchSharp;

namespace Ddim.Teaching.Models;

/// <summary>
/// Loading a shipped checkpoint where it may be missing: notebooks that need it skip their image sections with a message
/// that says how to make it, instead of failing.
/// </summary>
public static class ShippedCheckpoint
{
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
