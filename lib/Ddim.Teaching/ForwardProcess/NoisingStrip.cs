using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.ForwardProcess;

/// <summary>Images noised by DDPM Eq. (4) at several t with the same eps, laid out one row per image for an image grid.</summary>
public static class NoisingStrip
{
    /// <summary>
    /// Tiles [images x steps, 1, H, W]: row i is image i, then x_t for each library step in <paramref name="steps"/> after the
    /// first column, which is the clean image. <paramref name="noise"/> has the images' shape and is shared by every column.
    /// </summary>
    public static Tensor Tiles(NoiseSchedule schedule, Tensor images, IReadOnlyList<int> steps, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (steps.Count == 0) throw new ArgumentException("give at least one step; the first column shows the clean image.", nameof(steps));
        using var scope = NewDisposeScope();
        var columns = new List<Tensor> { images };
        foreach (int t in steps.Skip(1)) columns.Add(Forward.SampleMarginal(schedule, images, t, noise));
        // [columns, images, C, H, W] -> one row per image
        return stack(columns).transpose(0, 1).reshape(-1, images.shape[1], images.shape[2], images.shape[3]).MoveToOuterDisposeScope();
    }
}
