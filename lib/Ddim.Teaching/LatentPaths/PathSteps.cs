using Ddim.Teaching.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.LatentPaths;

/// <summary>How far apart neighbouring points of a path are: the measure of whether a decoded path moves smoothly.</summary>
public static class PathSteps
{
    /// <summary>|x[k+1] - x[k]| for the points of a path stacked along the first dimension ([points, ...]): points - 1 lengths.</summary>
    public static double[] Lengths(Tensor path)
    {
        CheckPath(path);
        using var scope = NewDisposeScope();
        return (path[1..] - path[..^1]).flatten(1).to_type(float64).norm(1).cpu().data<double>().ToArray();
    }

    /// <summary>
    /// Mean per-dimension MSE ([0, 1] pixels, <see cref="ReconstructionError.PerDimensionMse"/>) between neighbouring images
    /// of a decoded path [points, C, H, W].
    /// </summary>
    public static double NeighbourMse(Tensor images)
    {
        CheckPath(images);
        return Enumerable.Range(0, (int)images.shape[0] - 1).Average(i => Mse(images, i + 1, i));
    }

    /// <summary>Per-dimension MSE ([0, 1] pixels) between the first and the last image of a decoded path.</summary>
    public static double EndToEndMse(Tensor images)
    {
        CheckPath(images);
        return Mse(images, (int)images.shape[0] - 1, 0);
    }

    private static double Mse(Tensor images, int a, int b)
    {
        using var scope = NewDisposeScope();
        return ReconstructionError.PerDimensionMse(images[b].unsqueeze(0), images[a].unsqueeze(0));
    }

    private static void CheckPath(Tensor path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.dim() < 2 || path.shape[0] < 2)
            throw new ArgumentException($"path has shape [{string.Join(", ", path.shape)}]; give at least 2 points stacked along the first dimension.", nameof(path));
    }
}
