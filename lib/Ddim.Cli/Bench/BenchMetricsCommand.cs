using System.CommandLine;
using Ddim.Cli.Commands;
using System.Diagnostics;
using Ddim.Teaching;
using Ddim.Teaching.Data;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using TorchSharp;

namespace Ddim.Cli.Bench;

internal static class BenchMetricsCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "S for the sampling-throughput measurement.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 250 };
        var device = DeviceOption.Create();
        var command = new Command("metrics",
            "Time feature extraction (10,000 images), FID and KID (two 10,000 x 128 sets) and sampling throughput (model calls per second).")
            { steps, batch, device };
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, _) =>
        {
            OptionParsing.AtLeastOne(parse.GetValue(batch), "--batch-size");
            OptionParsing.Fits("--batch-size", (double)parse.GetValue(batch) * 28 * 28 * 4 * 64, $"a batch of {parse.GetValue(batch)} images");
            var sequence = OptionParsing.Sequence(SkipKind.Uniform, NoiseSchedule.Linear().T, parse.GetValue(steps));
            var where = DeviceOption.Resolve(parse, device);
            stdout.WriteLine($"Device {where}, threads: {torch.get_num_threads()}, cores: {Environment.ProcessorCount}. Timings are wall-clock and depend on machine load.");
            bool shipped = File.Exists(ClassifierFeatures.DefaultWeightsPath);
            using var features = shipped ? ClassifierFeatures.Load(device: where) : new ClassifierFeatures(new FashionClassifier(), where);
            if (!shipped) stdout.WriteLine("Shipped classifier not found: timing an untrained one (same cost).");
            using var test = FashionMnist.Load(Split.Test);
            using var train = FashionMnist.Load(Split.Train);
            using var warm = features.Extract(test.Images.narrow(0, 0, 100));

            var clock = Stopwatch.StartNew();
            using var a = features.Extract(test.Images);
            double extract = clock.Elapsed.TotalSeconds;
            stdout.WriteLine($"Feature extraction, {a.shape[0]} images -> [{a.shape[0]}, {a.shape[1]}]: {extract:F2} s ({a.shape[0] / extract:F0} images/s; target < 60 s)");
            using var b = features.Extract(train.Images.narrow(0, 0, 10000));

            clock.Restart();
            double fid = FrechetDistance.Compute(a, b, "test features", "train features");
            stdout.WriteLine($"FID of two 10,000 x {a.shape[1]} sets (float64 eigh): {clock.Elapsed.TotalSeconds:F2} s (target < 2 s); value {fid:F3} (train vs test images)");

            clock.Restart();
            var kid = Kid.Compute(a, b);
            stdout.WriteLine($"KID, {kid.Subsets} subsets of {kid.SubsetSize}: {clock.Elapsed.TotalSeconds:F2} s; value {kid.Value:F5} +- {kid.StandardError:F5}");

            var schedule = NoiseSchedule.Linear();
            using var unet = new UNet(UNetConfig.Small);
            unet.to(where);
            unet.eval();
            var sampler = new DdimSampler(schedule);
            using var generator = Seeded.Generator(0);
            using var xT = Seeded.Randn([parse.GetValue(batch), 1, FashionMnist.Size, FashionMnist.Size], generator, where);
            Bench.UNetTimings.Synchronise(where);
            clock.Restart();
            var result = sampler.Sample(unet, xT, sequence, SamplerNoise.Deterministic);
            Bench.UNetTimings.Synchronise(where);
            double seconds = clock.Elapsed.TotalSeconds;
            result.X0.Dispose();
            long calls = (long)result.ModelCalls * xT.shape[0];
            stdout.WriteLine($"Sampling, UNet {UNetConfig.Small.BaseChannels} channels ({unet.ParameterCount:N0} parameters), S = {sequence.Length}, batch {xT.shape[0]}: " +
                              $"{seconds:F2} s, {calls / seconds:F0} model calls (image evaluations) per second");
            stdout.WriteLine($"  so a sweep cell of n = 1000 samples costs about {1000.0 / (calls / seconds):F2} s per sampling step (x S).");
            return 0;
        }));
        return command;
    }
}
