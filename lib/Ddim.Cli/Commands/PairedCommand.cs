using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ddim.Teaching.Data;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using TorchSharp;

namespace Ddim.Cli.Commands;

internal static class PairedCommand
{
    public static Command Create()
    {
        var sweep = new Option<FileInfo[]>("--sweep")
        {
            Description = "Sweep CSV written by 'ddim sweep --features'; with --by solver it may be repeated (one --features each), " +
                "for sweeps sampled from the same x_T (same seed and batch size).",
            Required = true,
        };
        var features = new Option<DirectoryInfo[]>("--features") { Description = "Its per-sample feature folder (one per --sweep, in the same order).", Required = true };
        var worlds = new Option<string?>("--worlds") { Description = "With --by solver: comma-separated world labels to keep (default: every label)." };
        var replicates = new Option<int>("--replicates") { Description = "Bootstrap resamples B.", DefaultValueFactory = _ => 1000 };
        var alpha = new Option<double>("--alpha") { Description = "Family-wise error rate for the Holm correction.", DefaultValueFactory = _ => 0.05 };
        var floorSets = new Option<int>("--floor-sets") { Description = "Disjoint sets of n real training images for the FID floor.", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "CPU threads for torch (0 keeps LibTorch's default).", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo?>("--out") { Description = "CSV of every paired verdict (default: the sweep's name with -verdicts)." };
        var by = new Option<string>("--by")
        {
            Description = "What tells the cells apart: 'eta' (one world, samplers by eta) or 'solver' (one solver per world label, " +
                "features in one sub-folder per world, compared at near-equal NFE and across S).",
            DefaultValueFactory = _ => "eta",
        };
        by.AcceptOnlyFromAmong("eta", "solver");
        var command = new Command("paired", "Paired-bootstrap verdicts between the cells of a sweep that kept per-sample features, with the FID floor at the same n.")
            { sweep, features, replicates, alpha, floorSets, threads, output, by, worlds };
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, stderr) =>
        {
            try
            {
                var (sweeps, folders) = (parse.GetValue(sweep)!, parse.GetValue(features)!);
                if (sweeps.Length != folders.Length)
                    throw new OptionException("--features", $"{sweeps.Length} --sweep and {folders.Length} --features given; give one feature folder per sweep, in the same order.");
                if (parse.GetValue(by) == "solver")
                    return PairedSolvers.Run(sweeps, folders, parse.GetValue(worlds), parse.GetValue(replicates), parse.GetValue(alpha),
                        parse.GetValue(floorSets), parse.GetValue(threads), parse.GetValue(output), stdout);
                if (sweeps.Length != 1 || parse.GetValue(worlds) is not null)
                    throw new OptionException("--sweep", "--by eta judges the samplers of one sweep: give --sweep and --features once, without --worlds.");
                return Run(parse, stdout, sweep, features, replicates, alpha, floorSets, threads, output);
            }
            catch (FileNotFoundException e)
            {
                stderr.WriteLine($"error: {e.Message}");
                return 1;
            }
        }));
        return command;
    }

    private static int Run(ParseResult parse, TextWriter stdout, Option<FileInfo[]> sweep, Option<DirectoryInfo[]> features, Option<int> replicates,
        Option<double> alpha, Option<int> floorSets, Option<int> threads, Option<FileInfo?> output)
    {
        if (parse.GetValue(threads) is var threadCount and > 0) torch.set_num_threads(threadCount);
        string csv = parse.GetValue(sweep)![0].FullName;
        string outPath = parse.GetValue(output)?.FullName ?? Path.Combine(Path.GetDirectoryName(csv)!, Path.GetFileNameWithoutExtension(csv) + "-verdicts.csv");
        var all = SweepTable.Read(csv);
        var rows = PairedSweep.CompleteSteps(all);
        if (rows.Count == 0) throw new ArgumentException($"'{csv}' has no S with every sampler measured; finish the sweep first.");
        var partial = all.Select(r => r.Steps).Distinct().Where(s => !rows.Any(r => r.Steps == s)).ToList();
        if (partial.Count > 0) stdout.WriteLine($"Left out, not every sampler measured yet: S = {string.Join(", ", partial)}.");
        var clock = Stopwatch.StartNew();
        using var extractor = ClassifierFeatures.Load();
        using var test = FashionMnist.Load(Split.Test);
        using var reference = extractor.Extract(test.Images);
        var paired = PairedSweep.Measure(rows, new FeatureStore(parse.GetValue(features)![0].FullName), reference, parse.GetValue(replicates), parse.GetValue(alpha));
        int n = (int)rows[0].N, sets = parse.GetValue(floorSets);
        using var train = FashionMnist.Load(Split.Train);
        using var real = extractor.Extract(train.Images.narrow(0, 0, (long)n * sets));
        var floor = FidFloor.Measure(real, reference, n, sets);
        File.WriteAllText(outPath, Format(paired));
        stdout.WriteLine($"{rows.Count} cells, n = {n}, B = {paired.Replicates}; {paired.Verdicts.Count} comparisons, Holm at family-wise alpha = {paired.Alpha} (FID and KID separately).");
        stdout.WriteLine($"FID floor: {sets} disjoint sets of {n} training images against the {reference.shape[0]} test images: mean {floor.Mean:F3}, range {floor.Min:F3}-{floor.Max:F3}.");
        foreach (var v in paired.Verdicts)
            stdout.WriteLine($"S = {v.StepsA,4} {Table1Claims.Label(v.NoiseA),-9} vs S = {v.StepsB,4} {Table1Claims.Label(v.NoiseB),-9}: " +
                VerdictCsv.Line(v.Difference, v.FidHolmP, v.Fid, v.KidHolmP, v.Kid));
        stdout.WriteLine();
        stdout.Write(Table1Claims.Summary(Table1Claims.Evaluate(paired)));
        stdout.WriteLine($"Wrote {outPath} ({clock.Elapsed.TotalSeconds:F0} s).");
        return 0;
    }

    private static string Format(PairedSweep paired)
    {
        var text = new StringBuilder("steps_a,eta_a,steps_b,eta_b,n,replicates," + VerdictCsv.StatisticsHeader + "\n");
        long n = paired.Rows[0].N;
        foreach (var v in paired.Verdicts)
            text.AppendJoin(",", v.StepsA, v.NoiseA, v.StepsB, v.NoiseB, n, paired.Replicates,
                VerdictCsv.Statistics(v.Difference, v.FidHolmP, v.Fid, v.KidHolmP, v.Kid)).Append('\n');
        return text.ToString();
    }
}
