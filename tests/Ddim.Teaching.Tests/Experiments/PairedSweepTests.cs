using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public sealed class PairedSweepTests : IDisposable
{
    private const int N = 300, D = 6;
    private static readonly int[] Steps = [10, 20, 50];
    private static readonly SamplerNoise[] Noises = [SamplerNoise.Deterministic, SamplerNoise.Ddpm, SamplerNoise.SigmaHat];
    private readonly string directory = Directory.CreateTempSubdirectory("pairedsweep-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    // A synthetic grid whose cells share their samples z_i (as cells sharing x_T do) and differ by a shift of size
    // badness(S, noise) along the first feature: FID is about badness^2, so the design decides every verdict.
    private (IReadOnlyList<SweepRow> Rows, FeatureStore Store, Tensor Reference) Grid(Func<int, SamplerNoise, double> badness)
    {
        using var generator = new Generator(11);
        var reference = torch.randn([4000, D], dtype: ScalarType.Float64, generator: generator);
        using var shared = torch.randn([N, D], dtype: ScalarType.Float64, generator: generator);
        using var direction = torch.zeros([D], ScalarType.Float64);
        direction[0] = 1.0;
        var store = new FeatureStore(directory);
        var rows = new List<SweepRow>();
        foreach (int s in Steps)
            foreach (var noise in Noises)
            {
                using var cell = shared + badness(s, noise) * direction;
                store.Write("uniform", s, noise, cell);
                double fid = FrechetDistance.Compute(cell, reference);
                rows.Add(new SweepRow("synthetic", s, noise, "uniform", N, fid, null, null, Seconds: s * 0.1, ModelCalls: s, "identity"));
            }
        return (rows, store, reference);
    }

    // The paper's pattern: eta = 0 best, sigma-hat worst, everything better with more steps.
    private static double PaperLike(int s, SamplerNoise noise) =>
        (noise == SamplerNoise.Deterministic ? 0.5 : noise == SamplerNoise.Ddpm ? 1.0 : 2.0) * 10.0 / s;

    [Fact]
    public void The_family_holds_every_sampler_pair_at_each_S_and_every_S_pair_for_each_sampler()
    {
        var (rows, store, reference) = Grid(PaperLike);
        using var _ = reference;
        var sweep = PairedSweep.Measure(rows, store, reference, replicates: 100);
        // 3 S x (3 choose 2) sampler pairs + 3 samplers x (3 choose 2) S pairs.
        Assert.Equal(3 * 3 + 3 * 3, sweep.Verdicts.Count);
        var v = sweep.Compare(10, SamplerNoise.Ddpm, SamplerNoise.Deterministic);
        var w = sweep.Compare(10, SamplerNoise.Deterministic, SamplerNoise.Ddpm);
        Assert.Equal(-v.Difference.Fid, w.Difference.Fid, 1e-12);
        Assert.Equal((PairedOutcome.BBetter, PairedOutcome.ABetter), (v.Fid, w.Fid));
        // The store keeps float16: the cell's FID from it matches the float64 row to a thousandth.
        Assert.Equal(rows[0].Fid, sweep.Cell(10, SamplerNoise.Deterministic).FidPoint, 1e-3 * rows[0].Fid);
        Assert.Throws<KeyNotFoundException>(() => sweep.Compare(10, SamplerNoise.Ddpm, 20, SamplerNoise.Deterministic));
    }

    [Fact]
    public void A_grid_with_the_papers_pattern_reproduces_the_ordering_claims_and_reports_S_1000_as_not_measured()
    {
        var (rows, store, reference) = Grid(PaperLike);
        using var _ = reference;
        var claims = Table1Claims.Evaluate(PairedSweep.Measure(rows, store, reference, replicates: 200));
        ClaimOutcome Outcome(string claim) => claims.Single(c => c.Claim.StartsWith(claim)).Outcome;
        foreach (int s in Steps)
        {
            Assert.Equal(ClaimOutcome.Reproduced, Outcome($"S = {s}: eta = 0 has the lowest FID"));
            Assert.Equal(ClaimOutcome.Reproduced, Outcome($"S = {s}: sigma-hat has the highest FID"));
        }
        Assert.Equal(ClaimOutcome.Reproduced, Outcome("eta = 1: FID falls as S grows"));
        Assert.Equal(ClaimOutcome.NotMeasured, Outcome("S = 1000"));
        // Fewer steps are faster in proportion, but here they are also resolved worse: not "at equal FID".
        Assert.Equal(ClaimOutcome.Contradicted, Outcome("eta = 0: S = 10 is about 5x faster"));
        Assert.Contains("Reproduced (", Table1Claims.Summary(claims));
        Assert.Contains("<td>S = 10: eta = 0 has the lowest FID</td>", Table1Claims.ToHtml(claims, "synthetic grid"));
    }

    [Fact]
    public void Ties_are_unresolved_and_a_reversal_is_a_contradiction()
    {
        // eta = 0 and eta = 1 identical at every S; sigma-hat best; no change with S for eta = 0.
        var (rows, store, reference) = Grid((s, noise) => noise == SamplerNoise.SigmaHat ? 0.1 : 1.0);
        using var _ = reference;
        var claims = Table1Claims.Evaluate(PairedSweep.Measure(rows, store, reference, replicates: 200));
        ClaimOutcome Outcome(string claim) => claims.Single(c => c.Claim.StartsWith(claim)).Outcome;
        Assert.Equal(ClaimOutcome.Contradicted, Outcome("S = 10: eta = 0 has the lowest FID"));
        Assert.Equal(ClaimOutcome.Contradicted, Outcome("S = 20: sigma-hat has the highest FID"));
        Assert.Equal(ClaimOutcome.Unresolved, Outcome("eta = 0: FID falls as S grows"));
        Assert.Equal(ClaimOutcome.Unresolved, Outcome("eta = 0: S = 20 is about"));
    }

    [Fact]
    public void The_interval_chart_and_table_show_every_cell_with_its_interval_and_the_floor()
    {
        var (rows, store, reference) = Grid(PaperLike);
        using var _ = reference;
        var sweep = PairedSweep.Measure(rows, store, reference, replicates: 50);
        string json = Plotly.NET.GenericChart.toChartHTML(Ddim.Teaching.Plotting.PairedPlots.FidWithIntervals(sweep, floor: 0.04, "synthetic"));
        Assert.Contains("floor: real images, same n (0.0)", json);
        Assert.Contains("\"error_y\"", json);
        Assert.Contains("\"tickvals\":[10.0,20.0,50.0]", json);
        string table = Ddim.Teaching.Plotting.PairedTables.CellsHtml(sweep, "synthetic");
        double fid = sweep.Cell(20, SamplerNoise.Ddpm).FidPoint;
        Assert.Contains($"{fid:F1} [", table);
        Assert.Equal(Steps.Length, System.Text.RegularExpressions.Regex.Matches(table, "measured, FID").Count);
    }

    [Fact]
    public void Only_the_S_values_with_every_sampler_count_as_complete()
    {
        var (rows, _, reference) = Grid(PaperLike);
        using var _r = reference;
        var partial = rows.Where(r => !(r.Steps == 50 && r.Eta == SamplerNoise.SigmaHat)).ToList();
        Assert.Equal([10, 20], PairedSweep.CompleteSteps(partial).Select(r => r.Steps).Distinct().Order());
    }

    [Fact]
    public void Cells_of_different_n_cannot_be_paired()
    {
        var (rows, store, reference) = Grid(PaperLike);
        using var _ = reference;
        var mixed = rows.Select((r, i) => i == 0 ? r with { N = 250 } : r).ToList();
        var e = Assert.Throws<ArgumentException>(() => PairedSweep.Measure(mixed, store, reference, replicates: 50));
        Assert.Contains("n = 250", e.Message);
    }
}
