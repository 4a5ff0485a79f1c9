using System.IO.Compression;
using System.Text;
using Ddim.Teaching.Sampling;
using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>
/// Per-sample features of every cell of a sweep, one small file per cell in a folder: row i is the feature vector of
/// sample i, which every cell draws from the same x_T (and step noise), so rows of two cells are paired. Files hold a
/// header (magic, n, d) and n x d float16 values, gzip-compressed: 1,000 x 128 features take about 200 KB, and float16
/// keeps FID to about 1e-3 relative (the round-off is far below the sampling noise the paired bootstrap measures).
/// </summary>
public sealed class FeatureStore
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DDIMF16\n");

    /// <summary>A store in <paramref name="folder"/> (created on the first write).</summary>
    public FeatureStore(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new ArgumentException("The feature folder must be a path; got an empty string.", nameof(folder));
        Folder = folder;
    }

    /// <summary>The folder holding one file per cell.</summary>
    public string Folder { get; }

    /// <summary>The file name of a cell: spacing, S and noise, e.g. <c>uniform-S10-eta0.f16.gz</c>.</summary>
    public static string FileName(string spacing, int steps, SamplerNoise noise) => $"{spacing}-S{steps}-eta{noise}.f16.gz";

    /// <summary>The full path of a cell's file.</summary>
    public string PathOf(string spacing, int steps, SamplerNoise noise) => Path.Combine(Folder, FileName(spacing, steps, noise));

    /// <summary>Whether the cell's file exists.</summary>
    public bool Contains(string spacing, int steps, SamplerNoise noise) => File.Exists(PathOf(spacing, steps, noise));

    /// <summary>Writes the features [n, d] of one cell (replacing an earlier file; written to a temporary file first).</summary>
    public void Write(string spacing, int steps, SamplerNoise noise, Tensor features)
    {
        if (features.dim() != 2) throw new ArgumentException($"features must be [n, d]; got {features.dim()} dimensions.", nameof(features));
        Directory.CreateDirectory(Folder);
        string path = PathOf(spacing, steps, noise), temporary = path + ".tmp";
        WriteFile(temporary, features);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads one cell's features as float64 [n, d]; a missing file names the cell and the folder.</summary>
    public Tensor Read(string spacing, int steps, SamplerNoise noise)
    {
        string path = PathOf(spacing, steps, noise);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No features for the cell S = {steps}, eta = {noise}, {spacing} in '{Folder}' " +
                "(run the sweep with --features pointing at this folder).", path);
        return ReadFile(path);
    }

    /// <summary>Writes <paramref name="features"/> [n, d] to <paramref name="path"/> in the store's format.</summary>
    public static void WriteFile(string path, Tensor features)
    {
        long n = features.shape[0], d = features.shape[1];
        var values = features.to_type(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.SmallestSize);
        using var writer = new BinaryWriter(zip);
        writer.Write(Magic);
        writer.Write(checked((int)n));
        writer.Write(checked((int)d));
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) throw new ArgumentException($"features contain a non-finite value ({v}); the store keeps finite features only.", nameof(features));
            writer.Write((Half)v);
        }
    }

    /// <summary>Reads a file written by <see cref="WriteFile"/> as float64 [n, d].</summary>
    public static Tensor ReadFile(string path)
    {
        using var file = File.OpenRead(path);
        using var zip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new BinaryReader(zip);
        var magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a feature-store file (it does not start with the DDIMF16 header).");
        int n = reader.ReadInt32(), d = reader.ReadInt32();
        if (n < 1 || d < 1) throw new InvalidDataException($"'{path}' declares {n} x {d} features; both must be positive.");
        var values = new double[(long)n * d];
        try
        {
            for (long i = 0; i < values.Length; i++) values[i] = (double)reader.ReadHalf();
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"'{path}' declares {n} x {d} features but ends early (a truncated write?).");
        }
        return tensor(values, [n, d], ScalarType.Float64);
    }
}
