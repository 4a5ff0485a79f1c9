using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Plotting;

/// <summary>Tiles a batch of images into one PNG (SkiaSharp). Images are [N, C, H, W] with C = 1 or 3, values in [-1, 1].</summary>
public static class ImageGrid
{
    /// <summary>Width in screen pixels that a grid may fill on a notebook page.</summary>
    public const int PageWidth = 940;

    /// <param name="images">[N, C, H, W] in [-1, 1] (values outside are clipped).</param>
    /// <param name="columns">Images per row (default: ceil(sqrt(N))).</param>
    /// <param name="padding">Pixels between tiles.</param>
    /// <param name="caption">Shown under the image in notebooks; say what produced it (model, S, eta, seed).</param>
    /// <param name="rowLabels">One label per row, shown left of it in notebooks (e.g. the sampler or S of that row).</param>
    /// <param name="columnLabels">One label per column, shown above it in notebooks (e.g. the seed or the path position).</param>
    /// <remarks>
    /// Notebooks show the grid at the largest scale that fits a page about 940 px wide beside its row labels
    /// (<see cref="ScaleFor"/>): a 28 px tile at 3x or 4x in grids of up to 8 columns, about 2.5x in the 11-column strips of
    /// an interpolation path, so samples can be judged by eye.
    /// </remarks>
    public static PngImage Render(Tensor images, int? columns = null, int padding = 2, string caption = "",
        IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null)
    {
        if (images.dim() != 4 || (images.shape[1] != 1 && images.shape[1] != 3))
            throw new ArgumentException($"images must have shape [N, C, H, W] with C = 1 or 3; got [{string.Join(", ", images.shape)}].", nameof(images));
        int n = (int)images.shape[0], c = (int)images.shape[1], h = (int)images.shape[2], w = (int)images.shape[3];
        if (n == 0) throw new ArgumentException("images is empty.", nameof(images));
        int cols = columns ?? (int)Math.Ceiling(Math.Sqrt(n));
        if (cols < 1) throw new ArgumentException($"columns must be at least 1; got {cols}.", nameof(columns));
        int rows = (n + cols - 1) / cols;
        if (rowLabels is not null && rowLabels.Count != rows)
            throw new ArgumentException($"rowLabels has {rowLabels.Count} labels for {rows} rows ({n} images in {cols} columns); give one per row.", nameof(rowLabels));
        if (columnLabels is not null && columnLabels.Count != cols)
            throw new ArgumentException($"columnLabels has {columnLabels.Count} labels for {cols} columns; give one per column.", nameof(columnLabels));

        byte[] pixels;
        using (NewDisposeScope())
        {
            var bytes = ((images.detach().cpu().to(float32).clamp(-1, 1) + 1) * 127.5f).round().to(uint8);
            pixels = bytes.data<byte>().ToArray();
        }

        int width = cols * w + (cols + 1) * padding, height = rows * h + (rows + 1) * padding;
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(new SKColor(255, 255, 255));
        for (int k = 0; k < n; k++)
        {
            int x0 = padding + (k % cols) * (w + padding), y0 = padding + (k / cols) * (h + padding);
            for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int at = k * c * h * w + y * w + x;
                byte r = pixels[at], g = c == 3 ? pixels[at + h * w] : r, b = c == 3 ? pixels[at + 2 * h * w] : r;
                bitmap.SetPixel(x0 + x, y0 + y, new SKColor(r, g, b));
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return new PngImage(png.ToArray(), width, height, caption)
        {
            Grid = new GridLayout(cols, rows, w, h, padding, rowLabels, columnLabels),
            Scale = ScaleFor(width, rowLabels),
        };
    }

    /// <summary>Approximate width in screen pixels of one character of a row label (12 px sans-serif) and the label gap.</summary>
    public const int LabelCharWidth = 7, LabelGap = 6;

    /// <summary>
    /// The largest scale at which a grid <paramref name="width"/> PNG pixels wide fits <see cref="PageWidth"/> together with
    /// its longest row label: a whole 3 or 4 where that fits (every image pixel the same size), else a multiple of 1/4
    /// between 2 and 3 (pixels of two nearly equal sizes), never below 2.
    /// </summary>
    public static double ScaleFor(int width, IReadOnlyList<string>? rowLabels = null)
    {
        if (width < 1) throw new ArgumentException($"width is {width}; a grid is at least 1 pixel wide.", nameof(width));
        int labels = rowLabels is { Count: > 0 } ? rowLabels.Max(l => l.Length) * LabelCharWidth + LabelGap : 0;
        double fits = (double)(PageWidth - labels) / width;
        return fits >= 3 ? Math.Min(Math.Floor(fits), 4) : Math.Max(Math.Floor(4 * fits) / 4, 2);
    }
}
