using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ddim.Teaching.Models;

/// <summary>
/// A small Fashion-MNIST classifier whose penultimate layer is the feature space of the project's FID and KID
/// (the role Inception-v3's pool layer plays for natural images; no Inception weights are available here).
/// Three conv-BatchNorm-ReLU-maxpool stages (28 -> 14 -> 7 -> 3), a linear layer to <see cref="FeatureSize"/>
/// features, ReLU, dropout, and a linear layer to the 10 class logits. Input: images [B, 1, 28, 28] in [-1, 1].
/// </summary>
public sealed class FashionClassifier : Module<Tensor, Tensor>
{
    /// <summary>Dimension of the feature vector (the penultimate layer).</summary>
    public const int FeatureSize = 128;

    private readonly Sequential stages;
    private readonly Linear to_features;
    private readonly Dropout dropout;
    private readonly Linear to_logits;

    /// <summary>Builds an untrained classifier (PyTorch default initialisation).</summary>
    public FashionClassifier() : base(nameof(FashionClassifier))
    {
        stages = Sequential(
            Conv2d(1, 32, 3, padding: 1), BatchNorm2d(32), ReLU(), MaxPool2d(2),
            Conv2d(32, 64, 3, padding: 1), BatchNorm2d(64), ReLU(), MaxPool2d(2),
            Conv2d(64, 64, 3, padding: 1), BatchNorm2d(64), ReLU(), MaxPool2d(2));
        to_features = Linear(64 * 3 * 3, FeatureSize);
        dropout = Dropout(0.3);
        to_logits = Linear(FeatureSize, 10);
        RegisterComponents();
    }

    /// <summary>
    /// The feature vector [B, <see cref="FeatureSize"/>]: the penultimate layer before its ReLU, so that no unit is
    /// identically zero and the Gaussian fit of FID sees every dimension.
    /// </summary>
    public Tensor Features(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != 28 || images.shape[3] != 28)
            throw new ArgumentException($"images must have shape [B, 1, 28, 28]; got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = torch.NewDisposeScope();
        return to_features.forward(stages.forward(images).flatten(1)).MoveToOuterDisposeScope();
    }

    /// <summary>Class logits [B, 10].</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        return to_logits.forward(dropout.forward(functional.relu(Features(images)))).MoveToOuterDisposeScope();
    }
}
