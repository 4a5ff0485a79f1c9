using static TorchSharp.torch;

namespace Ddim.Teaching.Data;

/// <summary>
/// A few images to look at, and where they came from: the first Fashion-MNIST test images, or a synthetic pattern (said so in
/// <see cref="Source"/>, with <see cref="Synthetic"/> set) when the data files are missing.
/// </summary>
public sealed record PreviewImages(Tensor Images, string Source, bool Synthetic)
{
    /// <summary>The first <paramref name="count"/> test images in float64 [-1, 1], with their class names in the source.</summary>
    public static PreviewImages FirstTest(int count, string? directory = null)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "give at least 1 image.");
        try
        {
            using var testSet = FashionMnist.Load(Split.Test, directory);
            using var pick = arange(count, dtype: ScalarType.Int64);
            var labels = testSet.Labels.index_select(0, pick).data<long>().ToArray().Select(l => FashionMnist.ClassNames[(int)l]);
            return new PreviewImages(testSet.Images.index_select(0, pick).to_type(float64),
                $"Fashion-MNIST test images 0-{count - 1}: {string.Join(", ", labels)}", false);
        }
        catch (Exception e) when (e is DataFileException or DirectoryNotFoundException)
        {
            using var scope = NewDisposeScope();
            var grid = linspace(-3, 3, FashionMnist.Size, dtype: float64);
            var pattern = (sin(2 * grid.view(-1, 1)) * cos(grid.view(1, -1))).view(1, 1, FashionMnist.Size, FashionMnist.Size);
            return new PreviewImages(pattern.expand(count, 1, FashionMnist.Size, FashionMnist.Size).clone().MoveToOuterDisposeScope(),
                $"SYNTHETIC pattern: Fashion-MNIST not available ({e.Message})", true);
        }
    }
}
