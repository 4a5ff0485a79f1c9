using Ddim.Teaching.Data;
using Ddim.Teaching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Training;

/// <summary>Settings for training the feature classifier; the defaults reach about 91-92% test accuracy in a few CPU minutes.</summary>
public sealed record ClassifierTrainingConfig(int Epochs = 4, int BatchSize = 128, double LearningRate = 2e-3, long Seed = 0, DeviceChoice Device = DeviceChoice.Cpu);

/// <summary>Progress of one optimisation step: epoch (1-based), step within the epoch, steps per epoch, batch loss.</summary>
public readonly record struct ClassifierStep(int Epoch, int Step, int StepsPerEpoch, double Loss);

/// <summary>
/// Cross-entropy training of <see cref="FashionClassifier"/>: Adam with a learning rate decaying linearly to zero,
/// random horizontal flips, shuffled mini-batches from a seeded generator.
/// </summary>
public static class ClassifierTraining
{
    /// <summary>Trains a fresh classifier on <paramref name="train"/> and returns it in eval mode.</summary>
    public static FashionClassifier Train(ImageSet train, ClassifierTrainingConfig config, Action<ClassifierStep>? progress = null)
    {
        if (config.Epochs < 1) throw new ArgumentException($"Epochs must be at least 1; got {config.Epochs}.", nameof(config));
        if (config.BatchSize < 2) throw new ArgumentException($"BatchSize must be at least 2 (BatchNorm); got {config.BatchSize}.", nameof(config));
        Seeded.Global(config.Seed);
        using var generator = Seeded.Generator(config.Seed);
        var device = Devices.Resolve(config.Device);
        var model = new FashionClassifier().to(device);
        model.train();
        using var optimizer = torch.optim.Adam(model.parameters(), config.LearningRate);
        long n = train.Count;
        int steps = (int)(n / config.BatchSize);
        int totalSteps = steps * config.Epochs;
        for (int epoch = 1; epoch <= config.Epochs; epoch++)
        {
            using var order = Seeded.Randperm(n, generator);
            for (int step = 0; step < steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                int done = (epoch - 1) * steps + step;
                foreach (var group in optimizer.ParamGroups) group.LearningRate = config.LearningRate * (1.0 - (double)done / totalSteps);
                var rows = order.narrow(0, (long)step * config.BatchSize, config.BatchSize);
                var images = FashionMnist.RandomHorizontalFlip(train.Images.index_select(0, rows).to(device), generator);
                var loss = torch.nn.functional.cross_entropy(model.forward(images), train.Labels.index_select(0, rows).to(device));
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                progress?.Invoke(new ClassifierStep(epoch, step + 1, steps, loss.item<float>()));
            }
        }
        model.eval();
        return model;
    }

    /// <summary>Fraction of <paramref name="images"/> whose arg-max logit equals the label (eval mode, no gradients).</summary>
    public static double Accuracy(FashionClassifier model, Tensor images, Tensor labels, int batchSize = 1000)
    {
        using var noGrad = torch.no_grad();
        model.eval();
        var device = model.parameters().First().device;
        long correct = 0, n = images.shape[0];
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            long size = Math.Min(batchSize, n - start);
            var predicted = model.forward(images.narrow(0, start, size).to(device)).argmax(1);
            correct += predicted.eq(labels.narrow(0, start, size).to(device)).sum().item<long>();
        }
        return (double)correct / n;
    }
}
