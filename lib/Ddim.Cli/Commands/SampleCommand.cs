using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ddim.Teaching;
using Ddim.Teaching.Analytic;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Models;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Training;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

/// <summary>`ddim sample`: draw samples with the tensor sampler from a noise predictor chosen by <c>--model</c>.</summary>
internal static class SampleCommand
{
    /// <summary>The options that decide which noise predictor drives the sampler.</summary>
    internal sealed record ModelOptions(string Model, double Mean, double Std, int Dim, string? Checkpoint = null, string Device = "cpu", bool RawWeights = false);

    /// <summary>A noise predictor with the shape of one sample (without the batch) and the dtype it computes in.</summary>
    internal sealed record BuiltModel(INoisePredictor Model, long[] SampleShape, ScalarType DType, Device? Device = null, NoiseSchedule? Schedule = null);

    /// <summary>
    /// Builds the noise predictor from the options, with its schedule: a checkpoint's own, else <paramref name="schedule"/>.
    /// New model kinds are one more case here.
    /// </summary>
    internal static BuiltModel BuildModel(ModelOptions options, NoiseSchedule? schedule)
    {
        if (options.Checkpoint is { } path)
        {
            var device = DeviceOption.Resolve(DeviceOption.Choice(options.Device));
            var trained = TrainedModel.Load(path, device, options.RawWeights ? Weights.Raw : Weights.Ema);
            return new BuiltModel(trained.Network, trained.SampleShape, float32, device, trained.Schedule);
        }
        switch (options.Model.Trim().ToLowerInvariant())
        {
            case "gaussian":
                OptionParsing.Positive(options.Std, "--std");
                OptionParsing.AtLeastOne(options.Dim, "--dim");
                var gaussianSchedule = schedule ?? NoiseSchedule.Linear();
                return new BuiltModel(new GaussianNoisePredictor(gaussianSchedule, options.Mean, options.Std, options.Dim), new long[] { options.Dim }, float64, Schedule: gaussianSchedule);
            default:
                throw new OptionException("--model", $"unknown model '{options.Model}'; use gaussian, or --checkpoint FILE for a trained network.");
        }
    }

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Noise predictor: gaussian (exact eps* of N(mean, std^2 I)).", DefaultValueFactory = _ => "gaussian" };
        var mean = new Option<double>("--mean") { Description = "Gaussian data mean (every dimension).", DefaultValueFactory = _ => 0.0 };
        var std = new Option<double>("--std") { Description = "Gaussian data std (every dimension), > 0.", DefaultValueFactory = _ => 1.0 };
        var dim = new Option<int>("--dim") { Description = "Gaussian data dimension D.", DefaultValueFactory = _ => 1 };
        var n = new Option<int>("--n") { Description = "Number of samples.", DefaultValueFactory = _ => 1000 };
        var steps = new Option<int>("--steps") { Description = "Sampling steps S.", DefaultValueFactory = _ => 50 };
        var eta = new Option<string>("--eta") { Description = "eta >= 0, or 'hat' for sigma-hat.", DefaultValueFactory = _ => "0" };
        var seed = new Option<long>("--seed") { Description = "Seed of the torch generator (x_T and the step noise).", DefaultValueFactory = _ => 0L };
        var skip = new Option<string>("--skip") { Description = "uniform, quad or linear.", DefaultValueFactory = _ => "uniform" };
        var schedule = new Option<string>("--schedule") { Description = "linear, quadratic, cosine, sigmoid, constant or jsd.", DefaultValueFactory = _ => "linear" };
        var T = new Option<int>("--T") { Description = "Number of diffusion steps.", DefaultValueFactory = _ => 1000 };
        var clip = new Option<bool>("--clip") { Description = "Clamp x0_hat to [-1, 1] at every step (off by default, as in the authors' DDIM sampler)." };
        var stats = new Option<bool>("--stats") { Description = "Print JSON with the per-dimension sample mean and variance." };
        var output = new Option<FileInfo?>("--out") { Description = "Save the samples: .csv (one row per sample) or any other name for a TorchSharp tensor file." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A trained network (ddim train); replaces --model, and its own schedule replaces --schedule/--T." };
        var grid = new Option<FileInfo?>("--grid") { Description = "Save image samples as a PNG grid (image models only)." };
        var raw = new Option<bool>("--raw-weights") { Description = "Use the trained weights instead of their EMA (full checkpoints only)." };
        var device = DeviceOption.Create();

        var command = new Command("sample", "Sample with the generalized DDIM sampler (Eq. 12) and print statistics.")
        {
            model, mean, std, dim, n, steps, eta, seed, skip, schedule, T, clip, stats, output, checkpoint, grid, device, raw,
        };
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, _) =>
        {
            string? checkpointPath = parse.GetValue(checkpoint);
            var modelOptions = new ModelOptions(parse.GetValue(model)!, parse.GetValue(mean), parse.GetValue(std), parse.GetValue(dim), checkpointPath, parse.GetValue(device)!, parse.GetValue(raw));
            var built = BuildModel(modelOptions, checkpointPath is null ? OptionParsing.Schedule(parse.GetValue(schedule)!, parse.GetValue(T)) : null);
            var noiseSchedule = built.Schedule!;
            int count = parse.GetValue(n);
            OptionParsing.AtLeastOne(count, "--n");
            int s = parse.GetValue(steps);
            OptionParsing.CheckSteps(s, noiseSchedule.T);
            var noise = OptionParsing.Noise(parse.GetValue(eta)!);
            var skipKind = OptionParsing.Skip(parse.GetValue(skip)!);
            var sequence = TimestepSequence.Create(skipKind, noiseSchedule.T, s, DuplicatePolicy.Remove);

            using var scope = NewDisposeScope();
            var where = built.Device ?? CPU;
            using var generator = Seeded.Generator(parse.GetValue(seed));
            var sampler = new DdimSampler(noiseSchedule);
            var xT = Seeded.Randn(new[] { (long)count }.Concat(built.SampleShape).ToArray(), generator, where, built.DType);
            var predictor = checkpointPath is null ? built.Model : new ProgressPredictor(built.Model, sequence.Length, "sample");
            Tensor samples;
            try
            {
                samples = sampler.Sample(predictor, xT, sequence, noise, generator, parse.GetValue(clip)).X0.cpu().to_type(float64);
            }
            catch (ArgumentException e) when (e.ParamName == "noise")
            {
                throw new OptionException("--eta", e.Message.Split(" (Parameter")[0]);
            }

            if (parse.GetValue(grid) is { } gridFile)
            {
                if (samples.dim() != 4)
                    throw new OptionException("--grid", "a PNG grid needs image samples; this model makes points.");
                gridFile.Directory?.Create();
                ImageGrid.Render(samples, caption: $"{checkpointPath}, {sequence}, eta {noise}, seed {parse.GetValue(seed)}").Save(gridFile.FullName);
                stdout.WriteLine($"sample: {count} images, S = {sequence.Length}, eta {noise}: grid {gridFile.FullName}");
            }

            if (parse.GetValue(output) is { } file)
                Save(samples, file);
            if (parse.GetValue(stats))
                stdout.WriteLine(StatsJson(samples, built.Model, noiseSchedule, sequence, noise, parse.GetValue(clip), parse.GetValue(seed), sampler.ModelCalls));
            return 0;
        }));
        return command;
    }

    private static string StatsJson(Tensor samples, INoisePredictor predictor, NoiseSchedule schedule, TimestepSequence sequence, SamplerNoise noise, bool clip, long seed, int modelCalls)
    {
        var flat = samples.reshape(samples.shape[0], -1);
        var report = new Dictionary<string, object>
        {
            ["n"] = samples.shape[0],
            ["dim"] = flat.shape[1],
            ["schedule"] = schedule.Name,
            ["sequence"] = sequence.ToString(),
            ["steps"] = sequence.Length,
            ["eta"] = noise.ToString(),
            ["seed"] = seed,
            ["model_calls"] = modelCalls,
            ["mean"] = flat.mean([0L]).data<double>().ToArray(),
            ["variance"] = flat.var(0, unbiased: false).data<double>().ToArray(),
        };
        if (predictor is GaussianNoisePredictor gaussian && !clip)
        {
            // The exact output distribution of this very sampler, for comparison.
            var data = new DiagonalGaussian(gaussian.Mean, gaussian.Std.Select(v => v * v).ToArray());
            var exact = ExactPropagation.Propagate(schedule, data, sequence, noise);
            report["exact_mean"] = exact.Mean;
            report["exact_variance"] = exact.Variance;
        }
        return JsonSerializer.Serialize(report);
    }

    private static void Save(Tensor samples, FileInfo file)
    {
        if (file.Directory is { Exists: false } directory)
            directory.Create();
        if (file.Extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var flat = samples.reshape(samples.shape[0], -1).data<double>().ToArray();
            long d = flat.Length / samples.shape[0];
            using var writer = new StreamWriter(file.FullName);
            for (long i = 0; i < samples.shape[0]; i++)
                writer.WriteLine(string.Join(",", Enumerable.Range(0, (int)d).Select(j => flat[i * d + j].ToString("R", CultureInfo.InvariantCulture))));
        }
        else
        {
            samples.save(file.FullName);
        }
    }
}
