using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ddim.Teaching.Data;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using TorchSharp;

namespace Ddim.Cli.Commands;

/// <summary>
/// <c>ddim paired --by solver</c>: a sweep with one solver per <c>world</c> label (written by one
/// <c>ddim sweep --solver s --world w --features folder/w</c> per solver), judged by <see cref="SolverPairedSweep"/>. Several
/// sweeps from the same x_T (same seed and batch size) may be judged as one family, each world read from its own sweep's folder.
/// </summary>
internal static class PairedSolvers
{
    public static int Run(FileInfo[] sweeps, DirectoryInfo[] features, string? worlds, int replicates, double alpha, int floorSets, int threads,
        FileInfo? output, TextWriter stdout)
    {
        if (threads > 0) torch.set_num_threads(threads);
        string csv = sweeps[0].FullName;
        string outPath = output?.FullName ?? Path.Combine(Path.GetDirectoryName(csv)!, Path.GetFileNameWithoutExtension(csv) + "-verdicts.csv");
        var folderOf = new Dictionary<string, string>();
        var rows = new List<SweepRow>();
        for (int i = 0; i < sweeps.Length; i++)
            foreach (var row in SweepTable.Read(sweeps[i].FullName))
            {
                if (!folderOf.TryAdd(row.World, features[i].FullName) && folderOf[row.World] != features[i].FullName)
                    throw new OptionException("--sweep", $"the world label '{row.World}' appears in more than one sweep; label each solver's cells in one sweep only.");
                rows.Add(row);
            }
        if (worlds is not null)
        {
            var keep = worlds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            var unknown = keep.Where(w => !folderOf.ContainsKey(w)).ToList();
            if (unknown.Count > 0)
                throw new OptionException("--worlds", $"no cells labelled {string.Join(", ", unknown)}; the sweeps hold {string.Join(", ", folderOf.Keys)}.");
            rows = rows.Where(r => keep.Contains(r.World)).ToList();
        }
        if (rows.Select(r => r.World).Distinct().Count() < 2)
            throw new ArgumentException($"the cells of '{csv}'{(sweeps.Length > 1 || worlds is not null ? " and the other sweeps kept" : "")} hold one world label; --by solver compares solvers, one per world label (or use --by eta).");
        var clock = Stopwatch.StartNew();
        using var extractor = ClassifierFeatures.Load();
        using var test = FashionMnist.Load(Split.Test);
        using var reference = extractor.Extract(test.Images);
        var paired = SolverPairedSweep.Measure(rows, world => new FeatureStore(Path.Combine(folderOf[world], world)), reference, replicates, alpha);
        int n = (int)rows[0].N;
        using var train = FashionMnist.Load(Split.Train);
        using var real = extractor.Extract(train.Images.narrow(0, 0, (long)n * floorSets));
        var floor = FidFloor.Measure(real, reference, n, floorSets);
        File.WriteAllText(outPath, Format(paired));
        stdout.WriteLine($"{rows.Count} cells of {paired.Solvers.Count} solvers, n = {n}, B = {paired.Replicates}; {paired.Verdicts.Count} comparisons, " +
            $"Holm at family-wise alpha = {paired.Alpha} (FID and KID separately).");
        stdout.WriteLine($"FID floor: {floorSets} disjoint sets of {n} training images against the {reference.shape[0]} test images: mean {floor.Mean:F3}, range {floor.Min:F3}-{floor.Max:F3}.");
        foreach (var v in paired.Verdicts)
            stdout.WriteLine($"{v.A,-36} vs {v.B,-36}: {VerdictCsv.Line(v.Difference, v.FidHolmP, v.Fid, v.KidHolmP, v.Kid)}");
        stdout.WriteLine($"Wrote {outPath} ({clock.Elapsed.TotalSeconds:F0} s).");
        return 0;
    }

    /// <summary>The verdicts as CSV, one row per comparison, cells named by solver label, S and NFE.</summary>
    public static string Format(SolverPairedSweep paired)
    {
        var text = new StringBuilder("solver_a,steps_a,nfe_a,solver_b,steps_b,nfe_b,n,replicates," + VerdictCsv.StatisticsHeader + "\n");
        long n = paired.Rows[0].N;
        foreach (var v in paired.Verdicts)
            text.AppendJoin(",", v.A.Solver, v.A.Steps, v.A.Evaluations, v.B.Solver, v.B.Steps, v.B.Evaluations, n, paired.Replicates,
                VerdictCsv.Statistics(v.Difference, v.FidHolmP, v.Fid, v.KidHolmP, v.Kid)).Append('\n');
        return text.ToString();
    }
}
