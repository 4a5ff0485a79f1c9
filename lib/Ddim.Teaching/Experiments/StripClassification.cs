using Ddim.Teaching.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Experiments;

/// <summary>
/// A semantic measure along interpolation strips: the shipped Fashion-MNIST classifier's label and confidence (largest softmax
/// probability) for every decoded image, laid out [pair, slerp then lerp, alpha] as <c>InterpolationStrips.Paths</c> makes them.
/// </summary>
/// <param name="Label">Label[pair][path][i]: class index (path 0 slerp, 1 lerp).</param>
/// <param name="Confidence">Confidence[pair][path][i]: the largest softmax probability.</param>
public sealed record StripClassification(long[][][] Label, float[][][] Confidence)
{
    /// <summary>Classifies <paramref name="strips"/> [2 * pairs * points, 1, 28, 28] in [-1, 1] (clamped first).</summary>
    public static StripClassification Of(ClassifierFeatures classifier, Tensor strips, int points = 11)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(strips);
        if (strips.shape[0] == 0 || strips.shape[0] % (2 * points) != 0)
            throw new ArgumentException($"strips has {strips.shape[0]} images, not a multiple of 2 * points = {2 * points} (one slerp and one lerp path per pair).", nameof(strips));
        classifier.Model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var best = nn.functional.softmax(classifier.Model.forward(strips.clamp(-1, 1).to(classifier.Device)), 1).max(1);
        var label = best.indexes.cpu().data<long>().ToArray();
        var confidence = best.values.cpu().to_type(float32).data<float>().ToArray();
        int pairs = (int)(strips.shape[0] / (2 * points));
        T[][][] Shape<T>(T[] flat) => Enumerable.Range(0, pairs).Select(p => Enumerable.Range(0, 2)
            .Select(path => flat.Skip((2 * p + path) * points).Take(points).ToArray()).ToArray()).ToArray();
        return new StripClassification(Shape(label), Shape(confidence));
    }

    /// <summary>Mean confidence over the pairs at point <paramref name="i"/> of the slerp (path 0) or lerp (path 1) paths.</summary>
    public double MeanConfidence(int path, int i) => Confidence.Average(pair => pair[path][i]);
}
