using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Plotting;

/// <summary>
/// Image grids of interpolation paths (DDIM Section 5.3, Figure 6): one path per row, one interpolation weight alpha per
/// column, rows and columns labelled, at the largest scale the page allows (<see cref="ImageGrid.ScaleFor"/>).
/// </summary>
public static class PathGrids
{
    /// <summary>Column labels "α 0.0" ... "α 1.0" for <paramref name="points"/> equally spaced weights.</summary>
    public static string[] AlphaLabels(int points) =>
        Enumerable.Range(0, points).Select(i => $"α {i / (double)(points - 1):F1}").ToArray();

    /// <summary>
    /// Strips laid out as <c>InterpolationStrips.Paths</c> makes them ([pair, slerp then lerp, alpha] flattened): rows
    /// "pair p, slerp" and "pair p, lerp".
    /// </summary>
    public static PngImage Strips(Tensor strips, int points, string caption)
    {
        ArgumentNullException.ThrowIfNull(strips);
        long rows = strips.shape[0] / points;
        if (rows * points != strips.shape[0] || rows % 2 != 0)
            throw new ArgumentException($"strips has {strips.shape[0]} images, not a multiple of 2 * points = {2 * points} (one slerp and one lerp path per pair).", nameof(strips));
        var labels = Enumerable.Range(0, (int)rows / 2).SelectMany(p => new[] { $"pair {p}, slerp", $"pair {p}, lerp" }).ToArray();
        return Rows(strips, labels, caption);
    }

    /// <summary>One path per row of <paramref name="paths"/> [rows * points, C, H, W], labelled by <paramref name="rowLabels"/>.</summary>
    public static PngImage Rows(Tensor paths, IReadOnlyList<string> rowLabels, string caption)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(rowLabels);
        if (rowLabels.Count == 0 || paths.shape[0] % rowLabels.Count != 0)
            throw new ArgumentException($"{paths.shape[0]} images do not split into {rowLabels.Count} rows of equal length; give one label per path.", nameof(rowLabels));
        int points = (int)(paths.shape[0] / rowLabels.Count);
        return ImageGrid.Render(paths, columns: points, rowLabels: rowLabels, columnLabels: AlphaLabels(points), caption: caption);
    }
}
