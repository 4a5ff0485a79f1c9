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

    /// <summary>Where a new classifier goes unless --out says otherwise: never over the shipped one by default.</summary>
    public const string DefaultOut = "out/fashion-classifier.bin";

    public static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "Passes over the 60,000 training images.", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Initial Adam learning rate (decays linearly to 0).", DefaultValueFactory = _ => 2e-3 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = $"Weights file; the record is written beside it as .json. The shipped data/checkpoints/{ClassifierFeatures.WeightsFile} is replaced only with --replace-shipped.", DefaultValueFactory = _ => DefaultOut };
        var replace = new Option<bool>("--replace-shipped") { Description = "Allow --out to be the shipped classifier that every FID/KID uses." };
        var minAccuracy = new Option<double>("--min-accuracy") { Description = "Refuse to save a classifier below this test accuracy (0..1).", DefaultValueFactory = _ => 0.85 };
        var device = DeviceOption.Create();
        var command = new Command("train-classifier", "Train the Fashion-MNIST classifier whose penultimate layer is the FID/KID feature space.")
            { epochs, batch, lr, seed, output, replace, minAccuracy, device };
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, _) =>
        {
            string path = OutputFile.Check("--out", parse.GetValue(output));
            if (OutputFile.Same(path, ClassifierFeatures.DefaultWeightsPath) && File.Exists(path) && !parse.GetValue(replace))
                throw new OptionException("--out", $"{path} is the shipped classifier that every FID and KID is measured with; pass --replace-shipped to replace it, or give another --out.");
            OptionParsing.AtLeastOne(parse.GetValue(epochs), "--epochs");
            OptionParsing.AtLeastOne(parse.GetValue(batch), "--batch-size");
            double rate = parse.GetValue(lr), floor = parse.GetValue(minAccuracy);
            if (!(rate > 0 && rate <= 1))
                throw new OptionException("--lr", $"lr is {rate}; Adam's step size must be a finite number in (0, 1] (the shipped classifier used 2e-3).");
            if (!(floor >= 0 && floor <= 1))
                throw new OptionException("--min-accuracy", $"min-accuracy is {floor}; give a fraction in [0, 1].");
            var choice = DeviceOption.Choice(parse, device);
            var where = DeviceOption.Resolve(choice);
            var config = new ClassifierTrainingConfig(parse.GetValue(epochs), parse.GetValue(batch), rate, parse.GetValue(seed), choice);
            using var lockOnOut = FileLock.Acquire("--out", path, $"ddim train-classifier --out {path}");
            using var train = FashionMnist.Load(Split.Train);
            if (config.BatchSize > train.Count)
                throw new OptionException("--batch-size", $"batch-size is {config.BatchSize}, more than the {train.Count} training images: no step would be taken. Give at most {train.Count}.");
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
            if (!(accuracy >= floor))
                throw new InvalidDataException($"the trained classifier reaches {accuracy:P2} test accuracy, below --min-accuracy {floor:P0}; nothing was saved. " +
                    "Train longer (--epochs) or with another --lr; its features would make FID and KID meaningless.");
            SaveAtomically(model.to(CPU), record, path);
            stdout.WriteLine($"Trained in {seconds:F0} s. Test accuracy {accuracy:P2} (10,000 images); first {SubsetSize}: {subset:P2}.");
            stdout.WriteLine($"FID scale in {ClassifierFeatures.SpaceName}:");
            stdout.WriteLine($"  train vs test images: {scale.TrainVsTest:F3} (n = {scale.Count} each)");
            stdout.WriteLine($"  noise vs test images: {scale.NoiseVsTest:F1} (n = {scale.Count} each)");
            stdout.WriteLine($"Saved {path} ({new FileInfo(path).Length / 1024} KiB) and its record {Path.ChangeExtension(path, ".json")}.");
            return 0;
        }));
        return command;
    }

    // Weights and record go to temporary names first and are renamed into place together, weights last.
    private static void SaveAtomically(Ddim.Teaching.Models.FashionClassifier model, ClassifierRecord record, string path)
    {
        string temporary = $"{path}.{Environment.ProcessId}.tmp.bin";
        string temporaryRecord = Path.ChangeExtension(temporary, ".json");
        try
        {
            ClassifierFeatures.Save(model, record, temporary);
            File.Move(temporaryRecord, Path.ChangeExtension(path, ".json"), overwrite: true);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporaryRecord);
        }
    }
}
