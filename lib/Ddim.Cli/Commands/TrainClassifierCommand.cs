using System.CommandLine;
using System.Diagnostics;
using Ddim.Teaching.Data;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

internal static class TrainClassifierCommand
{
    private const int SubsetSize = 2000;

    public static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "Passes over the 60,000 training images.", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Initial Adam learning rate (decays linearly to 0).", DefaultValueFactory = _ => 2e-3 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo?>("--out") { Description = $"Weights file (default data/checkpoints/{ClassifierFeatures.WeightsFile}); the record is written beside it as .json." };
        var device = DeviceOption.Create();
        var command = new Command("train-classifier", "Train the Fashion-MNIST classifier whose penultimate layer is the FID/KID feature space.")
            { epochs, batch, lr, seed, output, device };
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, _) =>
        {
            var choice = DeviceOption.Choice(parse, device);
            var where = DeviceOption.Resolve(choice);
            var config = new ClassifierTrainingConfig(parse.GetValue(epochs), parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(seed), choice);
            string path = parse.GetValue(output)?.FullName ?? ClassifierFeatures.DefaultWeightsPath;
            using var train = FashionMnist.Load(Split.Train);
            using var test = FashionMnist.Load(Split.Test);
            stdout.WriteLine($"Training {config} on {train.Count} images, {torch.get_num_threads()} threads.");
            var clock = Stopwatch.StartNew();
            Ddim.Teaching.Models.FashionClassifier? model = null;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("epoch 1", maxValue: config.Epochs);
                    double smoothed = double.NaN;
                    model = ClassifierTraining.Train(train, config, step =>
                    {
                        smoothed = double.IsNaN(smoothed) ? step.Loss : 0.98 * smoothed + 0.02 * step.Loss;
                        task.Value = step.Epoch - 1 + (double)step.Step / step.StepsPerEpoch;
                        task.Description = $"epoch {step.Epoch}/{config.Epochs} loss {smoothed:F3}";
                    });
                });
            double seconds = clock.Elapsed.TotalSeconds;
            double accuracy = ClassifierTraining.Accuracy(model!, test.Images, test.Labels);
            double subset = ClassifierTraining.Accuracy(model!, test.Images.narrow(0, 0, SubsetSize), test.Labels.narrow(0, 0, SubsetSize));
            using var features = new ClassifierFeatures(model!, where);
            var scale = features.MeasureScale(train, test);
            var record = new ClassifierRecord(accuracy, subset, SubsetSize, config.Epochs, config.BatchSize, config.LearningRate, config.Seed,
                Math.Round(seconds, 1), Ddim.Teaching.Models.FashionClassifier.FeatureSize, model!.parameters().Sum(p => p.numel()),
                typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown", scale);
            ClassifierFeatures.Save(model.to(CPU), record, path);
            stdout.WriteLine($"Trained in {seconds:F0} s. Test accuracy {accuracy:P2} (10,000 images); first {SubsetSize}: {subset:P2}.");
            stdout.WriteLine($"FID scale in {ClassifierFeatures.SpaceName}:");
            stdout.WriteLine($"  train vs test images: {scale.TrainVsTest:F3} (n = {scale.Count} each)");
            stdout.WriteLine($"  noise vs test images: {scale.NoiseVsTest:F1} (n = {scale.Count} each)");
            stdout.WriteLine($"Saved {path} ({new FileInfo(path).Length / 1024} KiB) and its record {Path.ChangeExtension(path, ".json")}.");
            return 0;
        }));
        return command;
    }
}
