using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>Input checks shared by the metrics: each failure names the argument (or file) and says how to fix it.</summary>
internal static class FeatureChecks
{
    public static void Validate(Tensor features, string name, int minRows)
    {
        if (features.dim() != 2)
            throw new ArgumentException($"{name} must be a 2-D tensor [n, d] (one feature vector per row); got shape [{string.Join(", ", features.shape)}].", name);
        if (features.shape[0] < minRows)
            throw new ArgumentException($"{name} has {features.shape[0]} feature vectors; at least {minRows} are needed.", name);
        if (features.shape[1] == 0)
            throw new ArgumentException($"{name} has feature vectors of dimension 0.", name);
        if (!features.isfinite().all().item<bool>())
        {
            long row = features.isfinite().all(1).logical_not().nonzero()[0, 0].item<long>();
            throw new ArgumentException($"{name} contains NaN or infinite values (first in row {row}); check the feature extractor or the input file.", name);
        }
    }

    public static void SameDimension(Tensor features1, Tensor features2, string name1, string name2)
    {
        if (features1.dim() == 2 && features2.dim() == 2 && features1.shape[1] != features2.shape[1])
            throw new ArgumentException(
                $"Feature dimensions differ: {name1} has d = {features1.shape[1]}, {name2} has d = {features2.shape[1]}. " +
                "Both sets must come from the same feature network layer.", name2);
    }
}
