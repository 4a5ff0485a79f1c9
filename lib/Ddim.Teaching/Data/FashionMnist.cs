using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Data;

/// <summary>Which half of Fashion-MNIST to load.</summary>
public enum Split
{
    /// <summary>60,000 training images.</summary>
    Train,
    /// <summary>10,000 test images.</summary>
    Test,
}

/// <summary>Images [N,1,28,28] float32 scaled to [-1, 1] and labels [N] int64 (0..9).</summary>
public sealed record ImageSet(Tensor Images, Tensor Labels) : IDisposable
{
    /// <summary>Number of images.</summary>
    public long Count => Images.shape[0];

    /// <inheritdoc/>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017) from its four gzip IDX files under data/fashion-mnist/, placed there
/// by environment/get-data.sh.
/// </summary>
public static class FashionMnist
{
    /// <summary>Class names in label order.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Side length of an image.</summary>
    public const int Size = 28;

    /// <summary>The command that places the files.</summary>
    public const string SetupCommand = "environment/get-data.sh";

    /// <summary>
    /// Loads a split. <paramref name="directory"/> defaults to <see cref="DataPaths.FashionMnist"/>. A missing directory
    /// or file names the set-up command; a corrupt file names the file and the fault.
    /// </summary>
    public static ImageSet Load(Split split, string? directory = null)
    {
        directory ??= DataPaths.FashionMnist;
        string prefix = split == Split.Train ? "train" : "t10k";
        int n = split == Split.Train ? 60000 : 10000;
        string imagesPath = Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz");
        string labelsPath = Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz");
        foreach (var path in new[] { imagesPath, labelsPath })
            if (!File.Exists(path))
                throw new DataFileException($"Fashion-MNIST file {path} not found. Run {SetupCommand} from the repository root to obtain it (or set DDIM_DATA to the folder holding data/).");

        var images = Idx.ReadGz(imagesPath, 3, [n, Size, Size]);
        var labels = Idx.ReadGz(labelsPath, 1, [n]);
        return new ImageSet(ScaleToSymmetric(images.Data, n), torch.tensor(labels.Data, dtype: ScalarType.Byte).to(ScalarType.Int64));
    }

    /// <summary>Maps bytes 0..255 to [-1, 1] (x/127.5 - 1), the range the DDPM/DDIM models are trained on.</summary>
    public static Tensor ScaleToSymmetric(byte[] pixels, long count)
    {
        using var scope = torch.NewDisposeScope();
        var bytes = torch.tensor(pixels, dtype: ScalarType.Byte).reshape(count, 1, Size, Size);
        return bytes.to(ScalarType.Float32).div_(127.5).sub_(1.0).MoveToOuterDisposeScope();
    }

    /// <summary>Maps [-1, 1] back to [0, 1], the units of the paper's reconstruction error (Table 2).</summary>
    public static Tensor ToUnitRange(Tensor x) => x.add(1.0).div(2.0).clamp(0.0, 1.0);

    /// <summary>
    /// Flips each image left-right with probability 0.5 (the DDPM/DDIM training augmentation); the coin flips come from
    /// <paramref name="generator"/> (a CPU generator, see <see cref="Seeded"/>) whatever device the images are on.
    /// </summary>
    public static Tensor RandomHorizontalFlip(Tensor images, Generator? generator = null)
    {
        using var scope = torch.NewDisposeScope();
        var flip = Seeded.Rand([images.shape[0]], generator, images.device).lt(0.5).reshape(-1, 1, 1, 1);
        return torch.where(flip, images.flip(3), images).MoveToOuterDisposeScope();
    }
}
