using Ddim.Teaching.Data;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public class ClassifierFeaturesTests
{
    [Fact]
    public void Shipped_classifier_still_reaches_its_recorded_accuracy_on_the_fixed_test_subset()
    {
        var record = ClassifierFeatures.ReadRecord();
        using var features = ClassifierFeatures.Load();
        using var test = FashionMnist.Load(Split.Test);
        double accuracy = ClassifierTraining.Accuracy(features.Model, test.Images.narrow(0, 0, record.SubsetSize), test.Labels.narrow(0, 0, record.SubsetSize));
        // Inference is deterministic up to float summation order (thread count): allow 2 of 2,000 images to flip.
        Assert.True(accuracy >= record.SubsetAccuracy - 2.0 / record.SubsetSize, $"accuracy {accuracy}, recorded {record.SubsetAccuracy}");
        Assert.True(record.TestAccuracy >= 0.90, $"recorded test accuracy {record.TestAccuracy} is below the 90% the feature network needs");
        Assert.Equal(FashionClassifier.FeatureSize, record.FeatureSize);
    }

    [Fact]
    public void Real_images_are_close_and_noise_is_far_in_classifier_feature_space()
    {
        using var features = ClassifierFeatures.Load();
        using var test = FashionMnist.Load(Split.Test);
        using var reference = features.Extract(test.Images.narrow(0, 0, 1000));
        using var real = features.Extract(test.Images.narrow(0, 5000, 1000));
        using var generator = new Generator(3);
        using var noise = features.Extract(torch.randn([1000, 1, 28, 28], generator: generator));
        Assert.Equal([1000L, FashionClassifier.FeatureSize], real.shape);
        Assert.Equal(ScalarType.Float64, real.dtype);
        double realFid = FrechetDistance.Compute(real, reference), noiseFid = FrechetDistance.Compute(noise, reference);
        // Two halves of the test set differ only by sampling (FID bias at n = 1,000); noise is not clothing at all.
        Assert.True(noiseFid > 20 * realFid, $"FID real-vs-real {realFid}, noise-vs-real {noiseFid}");
    }

    [Fact]
    public void Features_see_overshooting_samples_as_clamped_pixels()
    {
        using var model = new FashionClassifier();
        using var features = new ClassifierFeatures(model);
        using var generator = new Generator(5);
        using var images = torch.randn([8, 1, 28, 28], generator: generator) * 2;
        using var a = features.Extract(images);
        using var b = features.Extract(images.clamp(-1, 1));
        Assert.True(a.eq(b).all().item<bool>());
        Assert.Contains("[B, 1, 28, 28]", Assert.Throws<ArgumentException>(() => features.Extract(torch.zeros(2, 784))).Message);
    }

    [Fact]
    public void Training_learns_a_small_subset()
    {
        using var test = FashionMnist.Load(Split.Test);
        using var subset = new ImageSet(test.Images.narrow(0, 0, 256).clone(), test.Labels.narrow(0, 0, 256).clone());
        using var model = ClassifierTraining.Train(subset, new ClassifierTrainingConfig(Epochs: 3, BatchSize: 32, Seed: 1));
        // 24 Adam steps on 256 images: chance is 10%; a working loop fits over half of them.
        Assert.True(ClassifierTraining.Accuracy(model, subset.Images, subset.Labels) > 0.5);
    }
}
