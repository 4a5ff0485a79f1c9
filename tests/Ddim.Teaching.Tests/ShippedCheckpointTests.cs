using Ddim.Teaching.Data;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class ShippedCheckpointTests
{
    private static (NoisePredictorNetwork Network, DdimSampler Sampler) Load(string path)
    {
        var trained = TrainedModel.Load(path);
        Assert.False(trained.Metadata.HasTrainingState);
        return (trained.Network, new DdimSampler(trained.Schedule));
    }

    /// <summary>A deterministic DDIM sample (eta = 0, uniform spacing) of <paramref name="n"/> 1x28x28 images from x_T drawn with <paramref name="seed"/>.</summary>
    private static Tensor SampleImages(NoisePredictorNetwork unet, DdimSampler sampler, int n, int steps, ulong seed)
    {
        using var g = new Generator(seed);
        return sampler.Sample(unet, torch.randn([n, 1, 28, 28], generator: g), TimestepSequence.Create(SkipKind.Uniform, 1000, steps), SamplerNoise.Deterministic, g).X0;
    }

    [Fact]
    public void Shipped_fashion_unet_loads_and_a_10_step_ddim_sample_is_a_batch_of_images_in_pixel_range()
    {
        var (unet, sampler) = Load(ShippedModels.UNetFashion);
        using var scope = torch.NewDisposeScope();
        var x = SampleImages(unet, sampler, 16, 10, seed: 5);
        Assert.Equal([16L, 1, 28, 28], x.shape);
        Assert.True(x.isfinite().all().item<bool>());
        // The sampler does not clip. Trained on [-1, 1] images, most pixels land in that range; some of this briefly
        // trained network's samples carry speckles that overshoot (data/README.md), so 16 samples are held to 90%.
        double inRange = x.abs().le(1.5).to(float32).mean().item<float>();
        Assert.True(inRange > 0.9, $"{inRange:P1} of pixels within [-1.5, 1.5]");
        // Fashion-MNIST is mostly black background: an image model makes many pixels near -1.
        Assert.True(x.lt(-0.8).to(float32).mean().item<float>() > 0.2);
    }

    /// <summary>
    /// Share of <paramref name="images"/> (clamped to [-1, 1]) to which <paramref name="classifier"/> gives one class a softmax
    /// probability of at least <paramref name="confidence"/>.
    /// </summary>
    private static double ConfidentShare(ClassifierFeatures classifier, Tensor images, double confidence)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        classifier.Model.eval();
        var probabilities = nn.functional.softmax(classifier.Model.forward(images.clamp(-1, 1)), 1);
        return probabilities.max(1).values.ge(confidence).to(float32).mean().item<float>();
    }

    [Fact]
    public void Most_50_step_samples_of_the_shipped_unet_are_clothing_the_classifier_is_sure_of()
    {
        // "Recognisably clothing", measured: the shipped classifier (91.8% test accuracy) is asked how sure it is of each
        // of the 64 samples in data/checkpoints/unet-fashion-ddim50.png (S = 50, eta = 0, x_T seed 0). On real test
        // images it gives 90% or more to most of them; on speckled blobs it hesitates.
        var (unet, sampler) = Load(ShippedModels.UNetFashion);
        using var scope = torch.NewDisposeScope();
        var x = SampleImages(unet, sampler, 64, 50, seed: 0);
        using var test = FashionMnist.Load(Split.Test);
        using var classifier = ClassifierFeatures.Load();
        double samples = ConfidentShare(classifier, x, 0.9), real = ConfidentShare(classifier, test.Images[..64], 0.9);
        // The control that shows the measure can fail: unstructured images (Gaussian noise).
        double noise = ConfidentShare(classifier, torch.randn([64, 1, 28, 28], generator: new Generator(1)), 0.9);
        Console.WriteLine($"classifier at least 90% sure: {samples:P1} of 64 samples, {real:P1} of 64 test images, {noise:P1} of 64 noise images");
        Assert.True(noise < 0.5 * real, $"control: the classifier is sure of {noise:P1} of noise images");
        Assert.True(samples > 0.5 * real, $"{samples:P1} of samples against {real:P1} of real test images");
    }

    [Fact]
    public void Shipped_ring_mlp_loads_and_its_samples_lie_on_the_ring()
    {
        var (mlp, sampler) = Load(ShippedModels.MlpRing);
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(6);
        var x = sampler.Sample(mlp, torch.randn([512, 2], generator: g), TimestepSequence.Create(SkipKind.Uniform, 1000, 10), SamplerNoise.Deterministic, g).X0;
        Assert.Equal([512L, 2], x.shape);
        var radius = x.square().sum(1).sqrt();
        // The data: 8 Gaussians (std 0.1) on a circle of radius 2. With 512 samples and 10 steps, the median radius of
        // a working model is within a few tenths of 2.
        double median = radius.median().item<float>();
        Assert.InRange(median, 1.7, 2.3);
    }
}
