using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public sealed class SolverPairedSweepTests : IDisposable
{
    private const int N = 300, D = 6;
    private readonly string directory = Directory.CreateTempSubdirectory("solverpaired-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    // The course's solver grid: DDIM and DPM-Solver++(2M) at NFE = S, Heun at 2S - 1 (S = 3 spends 7 in the sweep).
    private static readonly (string Solver, int Steps, long Nfe)[] Grid =
    [
        ("ddim", 5, 5), ("ddim", 10, 10), ("ddim", 20, 20), ("ddim", 50, 50),
        ("dpmpp2m", 5, 5), ("dpmpp2m", 10, 10), ("dpmpp2m", 20, 20), ("dpmpp2m", 50, 50),
        ("heun", 3, 7), ("heun", 5, 9), ("heun", 10, 19), ("heun", 25, 49),
    ];

    private static SolverCell[] Cells => Grid.Select(g => new SolverCell(g.Solver, g.Steps, g.Nfe)).ToArray();

    // Cells sharing their samples z_i (as cells from one x_T do), shifted by badness along the first feature; every
    // solver's features live in a sub-folder named after its world label, as 'ddim sweep --features folder/world' writes them.
    private (IReadOnlyList<SweepRow> Rows, Tensor Reference) Sweep(Func<string, int, double> badness)
    {
        using var generator = new Generator(5);
        var reference = torch.randn([4000, D], dtype: ScalarType.Float64, generator: generator);
        using var shared = torch.randn([N, D], dtype: ScalarType.Float64, generator: generator);
        using var direction = torch.zeros([D], ScalarType.Float64);
        direction[0] = 1.0;
        var rows = new List<SweepRow>();
        foreach (var (solver, steps, nfe) in Grid)
        {
            using var cell = shared + badness(solver, steps) * direction;
            new FeatureStore(Path.Combine(directory, solver)).Write("uniform", steps, SamplerNoise.Deterministic, cell);
            rows.Add(new SweepRow(solver, steps, SamplerNoise.Deterministic, "uniform", N, FrechetDistance.Compute(cell, reference), null, null, 1, nfe, "identity"));
        }
        return (rows, reference);
    }

    private SolverPairedSweep Measure(Func<string, int, double> badness, int replicates = 200)
    {
        var (rows, reference) = Sweep(badness);
        using var _ = reference;
        return SolverPairedSweep.Measure(rows, world => new FeatureStore(Path.Combine(directory, world)), reference, replicates);
    }

    [Fact]
    public void The_family_pairs_every_S_within_a_solver_and_solvers_at_near_equal_NFE()
    {
        var family = SolverPairedSweep.Family(Cells);
        // 3 solvers x (4 choose 2) pairs of S, then 3 solver pairs x 4 NFE levels.
        Assert.Equal(3 * 6 + 3 * 4, family.Count);
        string Key(SolverCell a, SolverCell b) => $"{a.Solver}{a.Evaluations}-{b.Solver}{b.Evaluations}";
        var keys = family.Select(p => Key(p.A, p.B)).ToHashSet();
        foreach (string expected in new[] { "ddim5-dpmpp2m5", "ddim5-heun7", "ddim10-heun9", "dpmpp2m20-heun19", "ddim50-dpmpp2m50", "heun49-heun7" })
            Assert.Contains(expected, keys);
        // Heun's 7 is nearer 5 than 10, and NFE 5 against 9 is beyond the factor 1.5: neither is a near-equal pair.
        Assert.DoesNotContain("ddim10-heun7", keys);
        Assert.DoesNotContain("ddim5-heun9", keys);
    }

    [Fact]
    public void A_solver_with_fewer_cells_is_compared_only_where_a_near_NFE_cell_exists()
    {
        var cut = Cells.Where(c => !(c.Solver == "heun" && c.Steps >= 10)).ToArray();
        var between = SolverPairedSweep.Family(cut).Where(p => p.A.Solver != p.B.Solver).ToList();
        Assert.Equal(4 + 2 + 2, between.Count);
        Assert.All(between.Where(p => p.B.Solver == "heun"), p => Assert.True(p.A.Evaluations <= 10));
    }

    private static readonly Dictionary<int, int> HeunToDdim = new() { [3] = 5, [5] = 10, [10] = 20, [25] = 50 };

    [Fact]
    public void A_solver_that_is_better_at_every_NFE_is_resolved_better_and_ties_stay_unresolved()
    {
        // dpmpp2m half as far off as ddim; heun identical to ddim at matched levels; everything improves with S.
        double Badness(string solver, int steps) => solver switch
        {
            "dpmpp2m" => 25.0 / steps,
            "heun" => 50.0 / HeunToDdim[steps],
            _ => 50.0 / steps,
        };
        var sweep = Measure(Badness);
        foreach (int s in new[] { 5, 10, 20, 50 })
        {
            var v = sweep.Compare("dpmpp2m", s, "ddim", s);
            Assert.Equal(PairedOutcome.ABetter, v.Fid);
            Assert.True(v.Difference.Fid < 0, v.Describe());
        }
        Assert.Equal(PairedOutcome.Unresolved, sweep.Compare("heun", 5, "ddim", 10).Fid);
        Assert.Equal(PairedOutcome.ABetter, sweep.Compare("ddim", 50, "ddim", 5).Fid);
        var reversed = sweep.Compare("ddim", 5, "ddim", 50);
        Assert.Equal(PairedOutcome.BBetter, reversed.Fid);
        Assert.Equal(-sweep.Compare("ddim", 50, "ddim", 5).Difference.Fid, reversed.Difference.Fid, 1e-12);
        Assert.Throws<KeyNotFoundException>(() => sweep.Compare("ddim", 5, "heun", 25));
    }

    [Fact]
    public void The_paired_interval_is_narrower_than_the_cells_own_intervals_combined()
    {
        var sweep = Measure((solver, steps) => solver == "dpmpp2m" ? 3.0 / steps : 4.0 / steps);
        var v = sweep.Compare("dpmpp2m", 10, "ddim", 10);
        double unpaired = Math.Sqrt(Math.Pow(sweep.FidSe("dpmpp2m", 10), 2) + Math.Pow(sweep.FidSe("ddim", 10), 2));
        Assert.True(v.Difference.FidSe < 0.5 * unpaired, $"paired se {v.Difference.FidSe} against unpaired {unpaired}");
        Assert.Equal(sweep.Rows.Single(r => r.World == "ddim" && r.Steps == 10).Fid, sweep.Cell("ddim", 10).FidPoint, 1e-3 * sweep.Cell("ddim", 10).FidPoint);
    }

    [Fact]
    public void A_missing_feature_file_names_the_cell_and_a_repeated_cell_is_refused()
    {
        var (rows, reference) = Sweep((_, s) => 1.0 / s);
        using var _ = reference;
        var e = Assert.Throws<FileNotFoundException>(() => SolverPairedSweep.Measure(rows, _ => new FeatureStore(Path.Combine(directory, "elsewhere")), reference, 50));
        Assert.Contains("S = 5", e.Message);
        var twice = rows.Append(rows[0]).ToList();
        var dup = Assert.Throws<ArgumentException>(() => SolverPairedSweep.Measure(twice, w => new FeatureStore(Path.Combine(directory, w)), reference, 50));
        Assert.Contains("ddim S = 5 appears 2 times", dup.Message);
    }

    [Fact]
    public void The_chart_draws_one_line_per_solver_at_its_NFE_with_intervals()
    {
        var sweep = Measure((_, s) => 1.0 / s, replicates: 50);
        string html = Plotly.NET.GenericChart.toChartHTML(Ddim.Teaching.Plotting.SolverPairedPlots.FidVersusNfe(sweep, "synthetic", w => "solver " + w));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(html, "\"x\":\\[").Count);
        Assert.Contains("\"error_y\"", html);
        Assert.Contains("\"name\":\"solver heun\"", html);
        Assert.Contains("\"x\":[7.0,9.0,19.0,49.0]", html);
    }

    [Fact]
    public void The_tables_list_every_cell_and_every_verdict_naming_the_better_cell()
    {
        var sweep = Measure((solver, steps) => solver == "dpmpp2m" ? 25.0 / steps : 50.0 / steps, replicates: 100);
        var cells = Ddim.Teaching.Plotting.SolverTables.Cells(sweep.Rows, "cells", prefix: "");
        Assert.Equal(Grid.Length, cells.Rows.Count);
        Assert.Equal(["ddim", "uniform", 5, 5L, (long)N], cells.Rows[0].Take(5));
        var verdicts = Ddim.Teaching.Plotting.SolverTables.Verdicts(sweep, "verdicts");
        Assert.Equal(sweep.Verdicts.Count, verdicts.Rows.Count);
        int row = sweep.Verdicts.ToList().FindIndex(v => v.A.Solver == "ddim" && v.B.Solver == "dpmpp2m" && v.A.Steps == 5 && v.B.Steps == 5);
        Assert.Equal("dpmpp2m NFE 5", verdicts.Rows[row][5]);
        Assert.Contains("dpmpp2m S = 5 (NFE 5)", verdicts.ToHtml());
        var v = sweep.Verdicts[row];
        Assert.StartsWith(FormattableString.Invariant($"{v.Difference.Fid:F1} ["), v.FidEvidence);
        Assert.Contains("Holm p", v.FidEvidence);
    }
}
