using System.Text.Json;
using Ddim.Teaching.Data;
using Ddim.Teaching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>
/// What was measured when the shipped classifier was trained: test accuracy on all 10,000 test images, accuracy on the
/// fixed subset the regression test re-checks (the first <see cref="SubsetSize"/> test images), and how it was trained.
/// </summary>
public sealed record ClassifierRecord(double TestAccuracy, double SubsetAccuracy, int SubsetSize, int Epochs, int BatchSize,
    double LearningRate, long Seed, double TrainSeconds, int FeatureSize, long Parameters, string TorchSharpVersion, FidScale Scale);

/// <summary>
/// The scale of FID in this feature space, for learners: FID between <see cref="Count"/> training images and
/// <see cref="Count"/> test images (two samples of the data distribution: small), and between <see cref="Count"/> images
/// of pure noise (N(0, 1) clamped to [-1, 1]) and the test images (large).
/// </summary>
public sealed record FidScale(int Count, double TrainVsTest, double NoiseVsTest);

/// <summary>
/// The feature network of this project's FID and KID: the penultimate layer of <see cref="FashionClassifier"/>,
/// trained here (`ddim train-classifier`) and shipped in data/checkpoints. Every number computed in this space must be
/// reported as such: it is not comparable with Inception-based FIDs from papers, only their trends are.
/// </summary>
public sealed class ClassifierFeatures : IDisposable
{
    /// <summary>Weights file name under data/checkpoints.</summary>
    public const string WeightsFile = "fashion-classifier.bin";

    /// <summary>Record file name (JSON <see cref="ClassifierRecord"/>) under data/checkpoints.</summary>
    public const string RecordFile = "fashion-classifier.json";

    /// <summary>Label printed beside every FID/KID computed with these features.</summary>
    public const string SpaceName = "Fashion-MNIST classifier features (128-d penultimate layer, trained by this project; not Inception)";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The network (eval mode).</summary>
    public FashionClassifier Model { get; }

    /// <summary>The device the network runs on (images are moved there; features come back to the CPU).</summary>
    public Device Device { get; }

    /// <summary>Wraps a trained classifier, moved to <paramref name="device"/> (default the CPU).</summary>
    public ClassifierFeatures(FashionClassifier model, Device? device = null)
    {
        Device = device ?? CPU;
        Model = model.to(Device);
        Model.eval();
    }

    /// <summary>data/checkpoints/fashion-classifier.bin.</summary>
    public static string DefaultWeightsPath => Path.Combine(DataPaths.Checkpoints, WeightsFile);

    /// <summary>Loads the weights at <paramref name="path"/> (default: the shipped ones) onto <paramref name="device"/> (default the CPU).</summary>
    public static ClassifierFeatures Load(string? path = null, Device? device = null)
    {
        path ??= DefaultWeightsPath;
        if (!File.Exists(path))
            throw new FileNotFoundException($"Classifier weights {path} not found. They ship in data/checkpoints; to retrain them run `ddim train-classifier`.", path);
        var model = new FashionClassifier();
        model.load(path);
        return new ClassifierFeatures(model, device);
    }

    /// <summary>Reads the JSON record stored beside the weights.</summary>
    public static ClassifierRecord ReadRecord(string? weightsPath = null)
    {
        string path = Path.ChangeExtension(weightsPath ?? DefaultWeightsPath, ".json");
        if (!File.Exists(path)) throw new FileNotFoundException($"Classifier record {path} not found; `ddim train-classifier` writes it.", path);
        return JsonSerializer.Deserialize<ClassifierRecord>(File.ReadAllText(path))
               ?? throw new InvalidDataException($"{path} does not hold a classifier record.");
    }

    /// <summary>Saves weights and the record beside them.</summary>
    public static void Save(FashionClassifier model, ClassifierRecord record, string weightsPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(weightsPath))!);
        model.save(weightsPath);
        File.WriteAllText(Path.ChangeExtension(weightsPath, ".json"), JsonSerializer.Serialize(record, Json) + Environment.NewLine);
    }

    /// <summary>
    /// Feature vectors [N, 128] in float64 for images [N, 1, 28, 28] in [-1, 1]. Images are clamped to [-1, 1] first, as
    /// when samples are saved as pixels: an unclipped sampler may overshoot slightly, and the classifier never saw that.
    /// </summary>
    public Tensor Extract(Tensor images, int batchSize = 1000)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var parts = new List<Tensor>();
        long n = images.shape[0];
        for (long start = 0; start < n; start += batchSize)
        {
            var batch = images.narrow(0, start, Math.Min(batchSize, n - start)).to(Device).to_type(ScalarType.Float32).clamp(-1, 1);
            parts.Add(Model.Features(batch).to_type(ScalarType.Float64).cpu());
        }
        return torch.cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Computes <see cref="FidScale"/> from the first <paramref name="count"/> images of each set.</summary>
    public FidScale MeasureScale(ImageSet train, ImageSet test, int count = 10000, long seed = 0)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = Seeded.Generator(seed);
        var testFeatures = Extract(test.Images.narrow(0, 0, count));
        var trainFeatures = Extract(train.Images.narrow(0, 0, count));
        var noiseFeatures = Extract(Seeded.Randn([count, 1, 28, 28], generator));
        return new FidScale(count,
            FrechetDistance.Compute(trainFeatures, testFeatures, "train images", "test images"),
            FrechetDistance.Compute(noiseFeatures, testFeatures, "noise images", "test images"));
    }

    /// <inheritdoc/>
    public void Dispose() => Model.Dispose();
}
