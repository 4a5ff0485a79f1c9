using System.CommandLine;
using System.Globalization;
using Ddim.Teaching.Data;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using Ddim.Teaching.Solvers;
using Ddim.Teaching.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

internal static class SweepCommand
{
    private const string GaussianFit = "gaussian-fit";

    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = $"Noise predictor: a checkpoint file, or '{GaussianFit}' (the exact predictor of the per-pixel Gaussian fitted to Fashion-MNIST: a cheap baseline that needs no training).",
            DefaultValueFactory = _ => GaussianFit,
        };
        var steps = new Option<string>("--steps") { Description = "Comma-separated S values.", DefaultValueFactory = _ => "10,20,50,100,1000" };
        var etas = new Option<string>("--eta") { Description = "Comma-separated eta values or 'hat'.", DefaultValueFactory = _ => "0,0.2,0.5,1,hat" };
        var spacings = new Option<string>("--skip") { Description = "Comma-separated timestep spacings: uniform, quad, linear, karras (not with --exact).", DefaultValueFactory = _ => "uniform" };
        var samples = new Option<int>("--n") { Description = "Samples per cell.", DefaultValueFactory = _ => 1000 };
        var budget = new Option<long?>("--budget") { Description = "Cap on samples x steps per cell (large-S cells then use fewer samples; the CSV records n)." };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 250 };
        var seed = new Option<long>("--seed") { DefaultValueFactory = _ => 0 };
        var kidSubsets = new Option<int>("--kid-subsets") { DefaultValueFactory = _ => 100 };
        var output = new Option<string?>("--out") { Description = "CSV to write or resume (default sweep.csv, or sweep-exact.csv with --exact); a measured and an exact table never share a file." };
        var world = new Option<string?>("--world") { Description = "Label of the rows (default: 'fashion-mnist-' plus the model name or checkpoint file name)." };
        var solver = new Option<string>("--solver") { Description = "ddim (any eta), or an eta = 0 ODE solver: heun (2 evaluations per step), dpmpp2m or dpm2m; model_calls records the evaluations.", DefaultValueFactory = _ => "ddim" };
        var featureFolder = new Option<DirectoryInfo?>("--features") { Description = "Folder to keep each cell's per-sample features in (float16, one file per cell), for paired comparisons between cells." };
        var threads = new Option<int>("--threads") { Description = "CPU threads for torch (0 keeps LibTorch's default, one per core).", DefaultValueFactory = _ => 0 };
        var exact = new Option<bool>("--exact") { Description = "Write the exact Gaussian-world table instead (per-pixel Gaussian fitted to Fashion-MNIST; no sampling)." };
        var device = DeviceOption.Create();
        var command = new Command("sweep", "FID/KID versus S for a grid of eta and spacings; resumable CSV plus an offline HTML chart beside it.")
            { model, steps, etas, spacings, samples, budget, batch, seed, kidSubsets, output, world, featureFolder, threads, exact, solver, device };
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, stderr) =>
        {
            {
                bool isExact = parse.GetValue(exact);
                string csv = OutputFile.Check("--out", parse.GetValue(output) ?? (isExact ? "sweep-exact.csv" : "sweep.csv"));
                var where = DeviceOption.Resolve(parse, device);
                var stepList = ParseList(parse.GetValue(steps)!, "--steps", s => int.Parse(s, CultureInfo.InvariantCulture));
                var noiseList = ParseList(parse.GetValue(etas)!, "--eta", SamplerNoise.Parse);
                var spacingList = ParseList(parse.GetValue(spacings)!, "--skip", TimestepSequence.ParseKind);
                var solverKinds = ParseList(parse.GetValue(solver)!, "--solver", SolverKinds.Parse);
                var solverKind = solverKinds.Count == 1 ? solverKinds[0] : throw new OptionException("--solver", "give one solver per sweep (each writes its own world label).");
                if (solverKind != SolverKind.Ddim && (isExact || noiseList.Any(v => v != SamplerNoise.Deterministic)))
                    throw new OptionException("--solver", $"{SolverKinds.Name(solverKind)} is an eta = 0 ODE solver of measured sweeps; use --eta 0 without --exact, or --solver ddim.");
                string modelName = parse.GetValue(model)!;
                if (TrainLimits.Threads(parse.GetValue(threads), "--threads") is var threadCount and > 0) torch.set_num_threads(threadCount);
                SweepChecks.BeforeWork(parse, csv, isExact, modelName, stepList, noiseList, spacingList, samples, batch, kidSubsets, budget, world);
                using var csvLock = FileLock.Acquire("--out", csv, $"ddim sweep --out {csv}");
                SweepChecks.SameKind(csv, isExact);
                using var train = FashionMnist.Load(Split.Train);
                IReadOnlyList<SweepRow> rows;
                if (isExact)
                {
                    rows = ExactSweep.Rows(NoiseSchedule.Linear(), PixelGaussian(train), stepList, noiseList, spacingList);
                    SweepTable.Write(csv, rows);
                }
                else
                {
                    string suffix = solverKind == SolverKind.Ddim ? "" : $"-{SolverKinds.Name(solverKind)}";
                    string label = parse.GetValue(world) ?? $"fashion-mnist-{Path.GetFileNameWithoutExtension(modelName)}{suffix}";
                    var config = new SweepConfig(stepList, noiseList, spacingList, parse.GetValue(samples), parse.GetValue(batch), parse.GetValue(seed),
                        parse.GetValue(budget), label, parse.GetValue(kidSubsets));
                    new SweepRunRecord(modelName, modelName == GaussianFit ? GaussianFit : SweepRunRecord.Sha256(modelName), config.Seed, config.BatchSize,
                        config.MaxEvaluationsPerCell, config.KidSubsets, SweepRunRecord.Sha256(ClassifierFeatures.DefaultWeightsPath))
                        .ClaimOrRefuse(csv, File.Exists(csv) ? SweepTable.Read(csv) : []);
                    var (predictor, schedule) = LoadModel(modelName, train, where);
                    var store = parse.GetValue(featureFolder) is { } folder ? new FeatureStore(folder.FullName) : null;
                    rows = RunMeasured(predictor, schedule, train, config, csv, stdout, solverKind, where, store);
                }
                string html = Path.ChangeExtension(csv, ".html");
                var charts = new List<Plotly.NET.GenericChart> { SweepPlots.FidVersusSteps(rows) };
                if (rows.Any(r => r.N > 0)) charts.Add(SweepPlots.SecondsVersusSteps(rows));
                OutputFile.WriteAtomically(html, temporary => SweepPlots.SaveHtml(temporary, charts));
                Print(rows, stdout);
                stdout.WriteLine($"Wrote {csv} and {html}.");
                return 0;
            }
        }));
        return command;
    }

    private static IReadOnlyList<SweepRow> RunMeasured(INoisePredictor predictor, NoiseSchedule schedule, ImageSet train, SweepConfig config, string csv, TextWriter stdout, SolverKind solver, Device device, FeatureStore? store)
    {
        using var features = ClassifierFeatures.Load(device: device);
        using var test = FashionMnist.Load(Split.Test);
        using var reference = features.Extract(test.Images);
        string space = $"classifier-{FashionClassifier.FeatureSize}";
        int floorCount = config.SamplesFor(config.Steps.Min());
        using (var real = features.Extract(train.Images.narrow(0, 0, floorCount)))
        {
            double floor = FrechetDistance.Compute(real, reference, "training images", "test images");
            stdout.WriteLine($"Feature space: {ClassifierFeatures.SpaceName}. Reference: {reference.shape[0]} test images.");
            stdout.WriteLine($"Floor at this n: FID({floorCount} real training images, test) = {floor:F3}; a perfect sampler scores about this.");
        }
        var sweep = new FidSweep(predictor, schedule, [1, FashionMnist.Size, FashionMnist.Size], images => features.Extract(images), reference, space, solver, device);
        IReadOnlyList<SweepRow> rows = [];
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask? task = null;
                int cell = 0;
                rows = sweep.Run(config, csv, p =>
                {
                    if (p.Cell != cell)
                    {
                        task?.StopTask();
                        task = context.AddTask($"cell {p.Cell}/{p.Cells} {p.Label}", maxValue: p.Total);
                        cell = p.Cell;
                    }
                    task!.Value = p.Done;
                }, store);
                task?.StopTask();
            });
        return rows;
    }

    private static (INoisePredictor Model, NoiseSchedule Schedule) LoadModel(string name, ImageSet train, Device device)
    {
        if (name == GaussianFit)
        {
            var fit = PixelGaussian(train);
            var linear = NoiseSchedule.Linear();
            return (new GaussianNoisePredictor(linear, fit), linear);
        }
        if (!File.Exists(name))
            throw new OptionException("--model", $"'{name}' is neither '{GaussianFit}' nor an existing checkpoint file.");
        var trained = TrainedModel.Load(name, device);
        return (trained.Network, trained.Schedule);
    }

    // Per-pixel mean and variance of the training images; a floor of 1e-4 on the variance (std 0.01) keeps the always-black
    // border pixels valid.
    private static DiagonalGaussian PixelGaussian(ImageSet train) => DiagonalGaussian.Fit(train.Images, varianceFloor: 1e-4);

    private static List<T> ParseList<T>(string text, string option, Func<string, T> parse)
    {
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(item => OptionException.For(option, () =>
        {
            try
            {
                return parse(item);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new OptionException(option, $"'{item}' in '{text}' is not one of the expected values ({e.Message}).", e);
            }
        })).ToList();
        return list.Count > 0 ? list : throw new OptionException(option, "the list is empty; give at least one value (comma-separated).");
    }

    private static void Print(IReadOnlyList<SweepRow> rows, TextWriter stdout)
    {
        stdout.WriteLine("world            S      eta   spacing        n        FID          KID (+- se)   seconds  calls/s");
        foreach (var r in rows)
        {
            string kid = r.Kid is { } k ? $"{k,10:F5} +- {r.KidSe:F5}" : "          -          ";
            string rate = r.N > 0 ? $"{r.N * r.ModelCalls / r.Seconds,8:F0}" : "       -";
            stdout.WriteLine($"{r.World,-15} {r.Steps,5} {r.Eta,6}   {r.Spacing,-8} {r.N,7} {r.Fid,10:F4} {kid} {r.Seconds,8:F2} {rate}");
        }
        if (rows.Any(r => r.N > 0))
            stdout.WriteLine($"FID and KID in {ClassifierFeatures.SpaceName}; compare trends, not values, with Inception FIDs. calls/s = network evaluations per image x n / sampling seconds.");
    }
}
