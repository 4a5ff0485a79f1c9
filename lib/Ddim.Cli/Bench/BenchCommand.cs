using System.CommandLine;
using Ddim.Cli.Commands;
using System.Diagnostics;
using System.Globalization;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Cli.Bench;

/// <summary>`ddim bench sampler|model|pytorch|metrics`: every benchmark, each printing figures (never pass/fail).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks that print figures.");
        command.Subcommands.Add(CreateSampler());
        command.Subcommands.Add(BenchModelCommand.Create());
        command.Subcommands.Add(BenchPytorchCommand.Create());
        command.Subcommands.Add(BenchMetricsCommand.Create());
        return command;
    }

    private static Command CreateSampler()
    {
        var batch = new Option<int>("--batch") { Description = "Batch size of 1x28x28 images.", DefaultValueFactory = _ => 64 };
        var steps = new Option<string>("--steps") { Description = "Comma-separated step counts S.", DefaultValueFactory = _ => "10,50,100" };
        var eta = new Option<string>("--eta") { Description = "Comma-separated eta values or 'hat'.", DefaultValueFactory = _ => "0,1" };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions per figure; the median is printed.", DefaultValueFactory = _ => 3 };
        var channels = new Option<int>("--channels") { Description = "Base channels of the stand-in conv net.", DefaultValueFactory = _ => 32 };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads (0 = leave torch's default).", DefaultValueFactory = _ => 0 };
        var command = new Command("sampler", "Time a full S-step DDIM sample against S bare model evaluations on the same batch (CPU).")
        {
            batch, steps, eta, repeats, channels, threads,
        };
        command.SetAction(parse => CommandErrors.Guard(parse, (output, _) =>
        {
            int b = parse.GetValue(batch);
            OptionParsing.AtLeastOne(b, "--batch");
            int r = parse.GetValue(repeats);
            OptionParsing.AtLeastOne(r, "--repeats");
            int c = parse.GetValue(channels);
            OptionParsing.AtLeastOne(c, "--channels");
            if (TrainLimits.Threads(parse.GetValue(threads), "--threads") is > 0 and var count)
                set_num_threads(count);
            var schedule = NoiseSchedule.Linear();
            var counts = OptionParsing.StepCounts(parse.GetValue(steps)!, schedule.T);
            var noises = OptionParsing.Noises(parse.GetValue(eta)!);

            var net = new StandInNet(c);
            net.eval();
            var model = new ModulePredictor(net);
            var sampler = new DdimSampler(schedule);
            using var generator = new Generator(0);
            var x = randn(new long[] { b, 1, 28, 28 }, generator: generator);
            long parameters = net.parameters().Sum(p => p.numel());
            output.WriteLine($"stand-in conv net: {parameters} parameters, batch {b}x1x28x28 float32, torch threads {get_num_threads()}, {r} repeats (medians; ratio = median of per-repeat sample/bare)");
            output.WriteLine($"{"S",5} {"eta",5} {"bare ms",10} {"sample ms",10} {"ratio",7} {"calls",6}");

            // The same sampler driven by a model that costs nothing isolates the sampler's own arithmetic, which a ratio of
            // two noisy wall-clock times on a loaded machine cannot resolve at the percent level.
            using var fixedEps = randn(x.shape, generator: generator);
            var free = new FixedNoisePredictor(fixedEps);
            var arithmeticRows = new List<string>();
            // Warm-up: first calls allocate and pick kernels.
            sampler.Sample(model, x, TimestepSequence.Uniform(schedule.T, 5), SamplerNoise.Ddpm, generator).X0.Dispose();
            foreach (int s in counts)
            {
                var sequence = TimestepSequence.Uniform(schedule.T, s);
                // Bare and sampled runs alternate within each repeat, so a change in machine load hits both sides of a ratio.
                var bare = new double[r];
                var sampled = new double[noises.Length, r];
                var calls = new int[noises.Length];
                var arithmetic = new double[noises.Length, r];
                for (int i = 0; i < r; i++)
                {
                    bare[i] = Time(() => BareEvaluations(net, x, sequence));
                    for (int k = 0; k < noises.Length; k++)
                    {
                        var noise = noises[k];
                        sampled[k, i] = Time(() =>
                        {
                            var result = sampler.Sample(model, x, sequence, noise, generator);
                            calls[k] = result.ModelCalls;
                            result.X0.Dispose();
                        });
                        arithmetic[k, i] = Time(() => sampler.Sample(free, x, sequence, noise, generator).X0.Dispose());
                    }
                }
                for (int k = 0; k < noises.Length; k++)
                {
                    var row = Enumerable.Range(0, r).Select(i => sampled[k, i]).ToArray();
                    double own = BenchStats.Median(Enumerable.Range(0, r).Select(i => arithmetic[k, i]).ToArray());
                    arithmeticRows.Add($"{sequence.Length,5} {noises[k],5} {Ms(own),10} {(own / sequence.Length).ToString("F3", CultureInfo.InvariantCulture),10} {(1 + own / BenchStats.Median(bare)).ToString("F4", CultureInfo.InvariantCulture),14}");
                    var ratios = Enumerable.Range(0, r).Select(i => sampled[k, i] / bare[i]).ToArray();
                    output.WriteLine($"{sequence.Length,5} {noises[k],5} {Ms(BenchStats.Median(bare)),10} {Ms(BenchStats.Median(row)),10} {BenchStats.Median(ratios).ToString("F3", CultureInfo.InvariantCulture),7} {calls[k],6}");
                }
            }
            output.WriteLine("sampler arithmetic alone (zero-cost model):");
            output.WriteLine($"{"S",5} {"eta",5} {"total ms",10} {"ms/step",10} {"implied ratio",14}");
            foreach (string row in arithmeticRows)
                output.WriteLine(row);
            return 0;
        }));
        return command;
    }

    // The same model calls the sampler makes (same batch, same timesteps), and nothing else.
    private static void BareEvaluations(StandInNet net, Tensor x, TimestepSequence sequence)
    {
        using var noGrad = no_grad();
        foreach (var step in sequence.SamplingSteps)
        {
            using var scope = NewDisposeScope();
            net.forward(x, full(x.shape[0], step.T, dtype: int64));
        }
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Ms(double ms) => ms.ToString("F1", CultureInfo.InvariantCulture);
}
