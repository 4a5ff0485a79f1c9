using Ddim.Teaching.Ode;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.LatentPaths;

/// <summary>
/// A two-dimensional grid of latents between four corners: slerp with weight a within the top pair (corners 0, 1) and within
/// the bottom pair (corners 2, 3), then slerp with weight b between the two results. Every point stays on the Gaussian shell.
/// </summary>
public static class LatentGrid
{
    /// <summary>
    /// [side * side, ...latent shape], row-major: row r has b = r/(side-1), column c has a = c/(side-1) - ready for a grid
    /// with <paramref name="side"/> columns.
    /// </summary>
    /// <param name="corners">[4, ...latent shape]: top-left, top-right, bottom-left, bottom-right.</param>
    /// <param name="side">Points along each edge, at least 2.</param>
    public static Tensor Between(Tensor corners, int side)
    {
        ArgumentNullException.ThrowIfNull(corners);
        if (corners.shape[0] != 4)
            throw new ArgumentException($"corners has {corners.shape[0]} latents; give 4 (top-left, top-right, bottom-left, bottom-right).", nameof(corners));
        if (side < 2) throw new ArgumentException($"side is {side}; a grid needs at least 2 points per edge.", nameof(side));
        using var scope = NewDisposeScope();
        var weights = Weights(side);
        var points = weights.SelectMany(b => weights.Select(a =>
            Interpolation.Slerp(Interpolation.Slerp(corners[0], corners[1], a), Interpolation.Slerp(corners[2], corners[3], a), b))).ToArray();
        return stack(points).MoveToOuterDisposeScope();
    }

    /// <summary>The weights 0, 1/(side-1), ..., 1 along each edge.</summary>
    public static double[] Weights(int side) => Enumerable.Range(0, side).Select(i => i / (double)(side - 1)).ToArray();
}
