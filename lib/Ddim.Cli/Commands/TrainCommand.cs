using System.CommandLine;
using System.Runtime.InteropServices;
using Ddim.Teaching.Data;
using Ddim.Teaching.Models;
using Ddim.Teaching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

internal static class TrainCommand
{
    /// <summary>Where a new run writes its checkpoint when --out is not given.</summary>
    public const string DefaultOut = "out/train.ckpt";

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist, ring, swiss-roll or moons", DefaultValueFactory = _ => "fashion-mnist" };
        var model = new Option<string>("--model") { Description = "unet-tiny, unet-compact, unet-small, unet-large or mlp", DefaultValueFactory = _ => "unet-small" };
        var steps = new Option<long>("--steps") { Description = "total training steps (a resumed run continues to this count)", DefaultValueFactory = _ => 1000 };
        var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 128 };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => 2e-4 };
        var warmup = new Option<int>("--warmup") { Description = "linear learning-rate warm-up steps", DefaultValueFactory = _ => 0 };
        var ema = new Option<double>("--ema") { Description = "EMA decay of the weights", DefaultValueFactory = _ => 0.999 };
        var clip = new Option<double>("--grad-clip") { Description = "gradient norm clip", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<long>("--seed") { Description = "random seed", DefaultValueFactory = _ => 0 };
        var device = DeviceOption.Create();
        var flip = new Option<bool>("--flip") { Description = "random horizontal flips (images only)" };
        var output = new Option<string?>("--out") { Description = $"checkpoint file to write (full state, resumable); default {DefaultOut}, or the --resume file itself" };
        var resume = new Option<string?>("--resume") { Description = "continue the run stored in this checkpoint (--steps, --lr and --device may change; other settings come from the checkpoint)" };
        var every = new Option<long>("--checkpoint-every") { Description = "save every N steps (and when stopped with Ctrl+C or SIGTERM)", DefaultValueFactory = _ => 500 };
        var export = new Option<string?>("--export") { Description = "also write one set of weights alone to this file at the end (small, for shipping)" };
        var exportWeights = new Option<string>("--export-weights") { Description = "which weights --export writes: ema or raw", DefaultValueFactory = _ => "ema" };
        var logEvery = new Option<int>("--log-every") { Description = "when output is redirected, print a line every N steps", DefaultValueFactory = _ => 50 };
        var threads = new Option<int>("--threads") { Description = "CPU threads for torch (0 keeps LibTorch's default, one per core)", DefaultValueFactory = _ => 0 };
        var points = new Option<int>("--points") { Description = "size of a 2-D training set", DefaultValueFactory = _ => 100_000 };

        var command = new Command("train", "Train a noise predictor with L_simple (eps-MSE), Adam, gradient clipping and EMA; checkpoints atomically.");
        foreach (var o in new Option[] { dataset, model, steps, batch, lr, warmup, ema, clip, seed, device, flip, output, resume, every, export, exportWeights, logEvery, points, threads })
            command.Options.Add(o);

        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, error) =>
        {
            // Everything that can be refused is refused here, before the data load and hours of training.
            string? resumePath = parse.GetValue(resume);
            var resumed = resumePath is null ? null : Checkpoint.ReadMetadata(resumePath);
            if (resumed is { HasTrainingState: false })
                throw new OptionException("--resume", $"{resumePath} holds only exported weights, not a training state; resume from a checkpoint written by ddim train.");
            string name = resumed is null ? parse.GetValue(dataset)! : parse.GetResult(dataset) is { Implicit: false } ? parse.GetValue(dataset)! : resumed.Dataset;
            TrainLimits.CheckDataset(name);
            if (resumed is not null && name != resumed.Dataset)
                throw new OptionException("--dataset", $"{resumePath} was trained on {resumed.Dataset}, not {name}; resume with --dataset {resumed.Dataset} (or leave --dataset out).");
            string outputPath = OutputFile.Check("--out", parse.GetValue(output) ?? resumePath ?? DefaultOut);
            string? exportPath = parse.GetValue(export) is { } e ? OutputFile.Check("--export", e) : null;
            if (exportPath is not null && OutputFile.Same(exportPath, outputPath))
                throw new OptionException("--export", $"{exportPath} is also the --out checkpoint; give the exported weights their own file.");
            bool exportEma = parse.GetValue(exportWeights) switch
            {
                "ema" => true,
                "raw" => false,
                var other => throw new OptionException("--export-weights", $"'{other}' is neither ema nor raw."),
            };
            var limits = TrainLimits.Check(parse, steps, batch, lr, clip, ema, warmup, every, logEvery, points, threads, resumed);
            var deviceChoice = DeviceOption.Choice(parse, device);
            DeviceOption.Resolve(deviceChoice);
            var modelSpec = resumed?.Model ?? ParseModel(parse.GetValue(model)!, name);
            if (limits.Threads > 0)
                torch.set_num_threads(limits.Threads);
            using var outputLock = FileLock.Acquire("--out", outputPath, $"ddim train --out {outputPath}");

            using var data = LoadData(name, parse.GetValue(points), parse.GetValue(seed));
            TrainLimits.CheckBatch(resumed?.Training.BatchSize ?? limits.Batch, data, resumed is not null, modelSpec);
            using var trainer = resumePath is not null
                ? Trainer.Resume(resumePath, data, parse.GetValue(steps), deviceChoice,
                    parse.GetResult(lr) is { Implicit: false } ? parse.GetValue(lr) : null)
                : Trainer.Start(modelSpec, data, name, new ScheduleSpec(), new TrainingConfig(
                    Steps: parse.GetValue(steps), BatchSize: parse.GetValue(batch), LearningRate: parse.GetValue(lr),
                    GradClip: parse.GetValue(clip), EmaDecay: parse.GetValue(ema), Seed: parse.GetValue(seed),
                    WarmupSteps: parse.GetValue(warmup), HorizontalFlip: parse.GetValue(flip),
                    CheckpointEvery: parse.GetValue(every), Device: deviceChoice));

            stdout.WriteLine($"train: {trainer.DatasetName}, {data.shape[0]} examples, {trainer.Model.Spec.Kind} with {trainer.Model.ParameterCount:N0} parameters, " +
                $"device {trainer.Device}, threads {torch.get_num_threads()}, config {trainer.Config}, from step {trainer.Step}");

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, args) => { args.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
            var bar = new ProgressLine(trainer.Config.Steps, parse.GetValue(logEvery), stdout);
            long start = trainer.Step;
            try
            {
                trainer.Run(p => bar.Report(p.Step, $"loss {p.Loss:F4} smoothed {p.SmoothedLoss:F4} {p.ImagesPerSecond:F0} ex/s", p.Elapsed, p.Step - start),
                    outputPath, cancel.Token);
            }
            catch (TrainingDivergedException diverged)
            {
                error.WriteLine($"error: {diverged.Message}");
                return ExitCodes.Diverged;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
            bool stopped = cancel.IsCancellationRequested && trainer.Step < trainer.Config.Steps;
            stdout.WriteLine($"train: {(stopped ? "stopped" : "finished")} at step {trainer.Step}, smoothed loss {trainer.SmoothedLoss:F5}; checkpoint {outputPath}");
            if (exportPath is not null)
            {
                trainer.Export(exportPath, exportEma);
                stdout.WriteLine($"train: {(exportEma ? "EMA" : "raw")} weights exported to {exportPath} ({new FileInfo(exportPath).Length / 1e6:F1} MB)");
            }
            if (stopped)
            {
                error.WriteLine($"train: stopped on request at step {trainer.Step} of {trainer.Config.Steps}; the checkpoint is saved. Continue with: ddim train --resume {outputPath}");
                return ExitCodes.Stopped;
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Tensor LoadData(string name, int points, long seed)
    {
        if (name == "fashion-mnist")
        {
            using var set = FashionMnist.Load(Split.Train);
            return set.Images.alias();
        }
        return OptionException.For("--dataset", () => Toy2d.Sample(name, points, seed));
    }

    private static ModelSpec ParseModel(string name, string dataset) => name switch
    {
        "unet-tiny" => new(ModelKind.UNet, UNet: UNetConfig.Tiny),
        "unet-compact" => new(ModelKind.UNet, UNet: UNetConfig.Compact),
        "unet-small" => new(ModelKind.UNet, UNet: UNetConfig.Small),
        "unet-large" => new(ModelKind.UNet, UNet: UNetConfig.Large),
        "mlp" => new(ModelKind.Mlp, Mlp: new MlpConfig()),
        _ => throw new OptionException("--model", $"unknown model '{name}' for {dataset}; use unet-tiny, unet-compact, unet-small, unet-large or mlp."),
    };
}
