using System.CommandLine;
using Ddim.Cli.Commands;
using System.Diagnostics;
using Ddim.Teaching.Data;
using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Cli.Bench;

/// <summary>
/// `ddim bench model`: training step time, sampling throughput and resident memory of a trained network's
/// architecture on Fashion-MNIST-shaped data. Prints figures; never passes or fails.
/// </summary>
internal static class BenchModelCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Network whose architecture is timed.", DefaultValueFactory = _ => ShippedModels.UNetFashion };
        var batch = new Option<int>("--batch") { Description = "Training batch size.", DefaultValueFactory = _ => 128 };
        var trainSteps = new Option<int>("--train-steps") { Description = "Timed training steps (after 3 warm-up steps); RSS is reported at step 100 and at the end.", DefaultValueFactory = _ => 20 };
        var sampleBatch = new Option<int>("--sample-batch") { Description = "Images per DDIM sample.", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "DDIM steps S.", DefaultValueFactory = _ => 50 };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads (0 = torch's default).", DefaultValueFactory = _ => 0 };
        var device = DeviceOption.Create();
        var command = new Command("model", "Time training steps and S-step DDIM sampling of a network; report resident memory.")
        {
            checkpoint, batch, trainSteps, sampleBatch, steps, threads, device,
        };
        command.SetAction(parse => CommandErrors.Guard(parse, (output, _) =>
        {
            if (TrainLimits.Threads(parse.GetValue(threads), "--threads") is > 0 and var count)
                set_num_threads(count);
            var choice = DeviceOption.Choice(parse, device);
            var where = DeviceOption.Resolve(choice);
            var metadata = Checkpoint.ReadMetadata(parse.GetValue(checkpoint)!);
            if (metadata.Model.Kind != ModelKind.UNet)
                throw new OptionException("--checkpoint", "bench model times image networks (UNet).");
            int b = parse.GetValue(batch), n = parse.GetValue(trainSteps), sb = parse.GetValue(sampleBatch), s = parse.GetValue(steps);
            OptionParsing.AtLeastOne(b, "--batch");
            OptionParsing.AtLeastOne(n, "--train-steps");
            OptionParsing.AtLeastOne(sb, "--sample-batch");
            OptionParsing.Sequence(SkipKind.Uniform, metadata.Schedule.T, s);
            output.WriteLine($"bench model: {metadata.Model.UNet}, device {where}, torch threads {get_num_threads()}, LD_PRELOAD={Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "(none)"}, MALLOC_CONF={Environment.GetEnvironmentVariable("MALLOC_CONF") ?? "(none)"}");
            output.WriteLine($"RSS at start: {UNetTimings.Rss("VmRSS"):F0} MB");

            var loadClock = Stopwatch.StartNew();
            using var set = FashionMnist.Load(Split.Train);
            output.WriteLine($"data: {set.Images.shape[0]} training images loaded (gunzip, parse, scale to [-1, 1]) in {loadClock.Elapsed.TotalSeconds:F2} s");
            using var trainer = Trainer.Start(metadata.Model, set.Images, "fashion-mnist", metadata.Schedule, new TrainingConfig(Steps: n + 3, BatchSize: b, Seed: 0, Device: choice));
            double rssAt100 = double.NaN;
            double msPerStep = UNetTimings.TrainMsPerStep(trainer, n, step =>
            {
                if (step == 100)
                    rssAt100 = UNetTimings.Rss("VmRSS");
            });
            output.WriteLine($"training: {n} steps at batch {b}: {msPerStep:F0} ms/step, {b * 1000.0 / msPerStep:F0} images/s; " +
                $"RSS at step 100: {(double.IsNaN(rssAt100) ? "n/a" : $"{rssAt100:F0} MB")}, at step {n}: {UNetTimings.Rss("VmRSS"):F0} MB, peak {UNetTimings.Rss("VmHWM"):F0} MB");
            if (!double.IsNaN(rssAt100))
                output.WriteLine($"RSS growth from step 100 to step {n}: {100 * (UNetTimings.Rss("VmRSS") / rssAt100 - 1):F1}%");

            trainer.Ema.eval();
            var (seconds, length) = UNetTimings.Sample(trainer.Ema, metadata.Schedule, metadata.Model.UNet!, sb, s, where);
            output.WriteLine($"sampling: {sb} images, S = {length}: {seconds:F1} s, {sb / seconds:F1} images/s, {seconds * 1000 / length:F0} ms per step; peak RSS {UNetTimings.Rss("VmHWM"):F0} MB");
            return 0;
        }));
        return command;
    }
}
