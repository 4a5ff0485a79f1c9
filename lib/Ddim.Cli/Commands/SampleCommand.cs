using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ddim.Teaching;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Models;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Training;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using Ddim.Teaching.Solvers;
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
        var skip = new Option<string>("--skip") { Description = "uniform, quad, linear or karras (Karras et al. rho = 7, placed by noise level).", DefaultValueFactory = _ => "uniform" };
        var schedule = new Option<string>("--schedule") { Description = "linear, quadratic, cosine, sigmoid, constant or jsd.", DefaultValueFactory = _ => "linear" };
        var T = new Option<int>("--T") { Description = "Number of diffusion steps.", DefaultValueFactory = _ => 1000 };
        var clip = new Option<bool>("--clip") { Description = "Clamp x0_hat to [-1, 1] at every step (off by default, as in the authors' DDIM sampler)." };
        var stats = new Option<bool>("--stats") { Description = "Print JSON with the per-dimension sample mean and variance." };
        var output = new Option<string?>("--out") { Description = "Save the samples: .csv (one row per sample) or any other name for a TorchSharp tensor file." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "A trained network (ddim train); replaces --model, and its own schedule replaces --schedule/--T." };
        var grid = new Option<string?>("--grid") { Description = "Save image samples as a PNG grid (image models only)." };
        var raw = new Option<bool>("--raw-weights") { Description = "Use the trained weights instead of their EMA (full checkpoints only)." };
        var device = DeviceOption.Create();
        var solver = new Option<string>("--solver") { Description = "ddim (Eq. 12, any eta), or an eta = 0 ODE solver: heun (2 evaluations per step), dpmpp2m (DPM-Solver++(2M)) or dpm2m (the same in noise prediction).", DefaultValueFactory = _ => "ddim" };

        var command = new Command("sample", "Sample with the generalized DDIM sampler (Eq. 12) and print statistics.")
        {
            model, mean, std, dim, n, steps, eta, seed, skip, schedule, T, clip, stats, output, checkpoint, grid, device, raw, solver,
        };
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, stderr) =>
        {
            string? outPath = parse.GetValue(output) is { } o ? OutputFile.Check("--out", o) : null;
            string? gridPath = parse.GetValue(grid) is { } gr ? OutputFile.Check("--grid", gr) : null;
            OptionParsing.Finite(parse.GetValue(mean), "--mean");
            DeviceOption.Choice(parse, device);
            string? checkpointPath = parse.GetValue(checkpoint);
            var modelOptions = new ModelOptions(parse.GetValue(model)!, parse.GetValue(mean), parse.GetValue(std), parse.GetValue(dim), checkpointPath, parse.GetValue(device)!, parse.GetValue(raw));
            var built = BuildModel(modelOptions, checkpointPath is null ? OptionParsing.Schedule(parse.GetValue(schedule)!, parse.GetValue(T)) : null);
            var noiseSchedule = built.Schedule!;
            if (gridPath is not null && built.SampleShape.Length != 3)
                throw new OptionException("--grid", "a PNG grid needs image samples; this model makes points.");
            int count = parse.GetValue(n);
            OptionParsing.AtLeastOne(count, "--n");
            // x_T, the float64 copy and the sampler's few working tensors of the same size.
            OptionParsing.Fits("--n", count * built.SampleShape.Aggregate(1L, (a, d) => a * d) * 8 * 6, $"{count} samples of shape [{string.Join(", ", built.SampleShape)}]");
            if (built.Model is NoisePredictorNetwork { Spec.UNet: { } unet })
                OptionParsing.Fits("--n", count * TrainLimits.SamplingBytesPerImage(unet), $"sampling {count} images in one batch through this UNet");
            int s = parse.GetValue(steps);
            OptionParsing.CheckSteps(s, noiseSchedule.T);
            var noise = OptionParsing.Noise(parse.GetValue(eta)!);
            var skipKind = OptionParsing.Skip(parse.GetValue(skip)!);
            var sequence = OptionParsing.Sequence(skipKind, noiseSchedule, s);
            var solverKind = ParseSolver(parse.GetValue(solver)!, noise, parse.GetValue(clip));

            using var scope = NewDisposeScope();
            var where = built.Device ?? CPU;
            using var generator = Seeded.Generator(parse.GetValue(seed));
            var sampler = new DdimSampler(noiseSchedule);
            var xT = Seeded.Randn(new[] { (long)count }.Concat(built.SampleShape).ToArray(), generator, where, built.DType);
            int evaluations = SolverKinds.Evaluations(solverKind, sequence.Length);
            var predictor = checkpointPath is null ? built.Model : new ProgressPredictor(built.Model, evaluations, "sample");
            var ode = solverKind == SolverKind.Ddim ? null : SolverKinds.Create(solverKind, noiseSchedule);
            OptionParsing.Admissible(noiseSchedule, sequence, noise);
            var samples = ode is null
                ? sampler.Sample(predictor, xT, sequence, noise, generator, parse.GetValue(clip)).X0.cpu().to_type(float64)
                : ode.Solve(predictor, xT, sequence).cpu().to_type(float64);

            NonFinite.Refuse(samples, checkpointPath is null ? "the samples" : $"the samples of {checkpointPath}");
            string method = ode is null ? $"eta {noise}" : $"{SolverKinds.Name(solverKind)}, {evaluations} evaluations";
            if (gridPath is not null)
            {
                OutputFile.WriteAtomically(gridPath, temporary =>
                    ImageGrid.Render(samples, caption: $"{checkpointPath}, {sequence}, {method}, seed {parse.GetValue(seed)}").Save(temporary));
                stdout.WriteLine($"sample: {count} images, S = {sequence.Length}, {method}: grid {gridPath}");
            }

            if (outPath is not null)
            {
                OutputFile.WriteAtomically(outPath, temporary => Save(samples, temporary, outPath));
                // On the error writer, like all status lines: standard output stays the statistics' JSON alone.
                stderr.WriteLine($"sample: {count} samples, S = {sequence.Length}, {method}: {outPath}");
            }
            if (parse.GetValue(stats) || (outPath is null && gridPath is null))
                stdout.WriteLine(StatsJson(samples, built.Model, noiseSchedule, sequence, noise, parse.GetValue(clip), parse.GetValue(seed), ode?.ModelCalls ?? sampler.ModelCalls, solverKind));
            return 0;
        }));
        return command;
    }

    // The ODE solvers are deterministic and do not clip: they need eta = 0 and no --clip.
    private static SolverKind ParseSolver(string text, SamplerNoise noise, bool clip)
    {
        var kind = OptionException.For("--solver", () => SolverKinds.Parse(text));
        if (kind != SolverKind.Ddim && (noise != SamplerNoise.Deterministic || clip))
            throw new OptionException("--solver", $"{SolverKinds.Name(kind)} integrates the eta = 0 ODE without clipping; use --eta 0 and no --clip, or --solver ddim.");
        return kind;
    }

    private static string StatsJson(Tensor samples, INoisePredictor predictor, NoiseSchedule schedule, TimestepSequence sequence, SamplerNoise noise, bool clip, long seed, int modelCalls, SolverKind solver)
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
            ["solver"] = SolverKinds.Name(solver),
            ["seed"] = seed,
            ["model_calls"] = modelCalls,
            ["mean"] = flat.mean([0L]).data<double>().ToArray(),
            ["variance"] = flat.var(0, unbiased: false).data<double>().ToArray(),
        };
        if (predictor is GaussianNoisePredictor gaussian && !clip)
        {
            // The exact output distribution of this very sampler, for comparison.
            var data = gaussian.Data;
            var exact = solver == SolverKind.Ddim
                ? ExactPropagation.Propagate(schedule, data, sequence, noise)
                : SolverPropagation.Propagate(schedule, data, sequence, solver);
            report["exact_mean"] = exact.Mean;
            report["exact_variance"] = exact.Variance;
        }
        return JsonSerializer.Serialize(report);
    }

    // The format follows the target's name (a .csv, or a tensor file), whatever the temporary file is called.
    private static void Save(Tensor samples, string path, string target)
    {
        if (Path.GetExtension(target).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var flat = samples.reshape(samples.shape[0], -1).data<double>().ToArray();
            long d = flat.Length / samples.shape[0];
            using var writer = new StreamWriter(path);
            for (long i = 0; i < samples.shape[0]; i++)
                writer.WriteLine(string.Join(",", Enumerable.Range(0, (int)d).Select(j => flat[i * d + j].ToString("R", CultureInfo.InvariantCulture))));
        }
        else
        {
            samples.save(path);
        }
    }
}
