using Ddim.Teaching.Metrics;
using Ddim.Teaching.Sampling;
using static TorchSharp.torch;

namespace Ddim.Teaching.Experiments;

/// <summary>Which sampler a paired comparison favours, after the correction for the number of comparisons.</summary>
public enum PairedOutcome
{
    /// <summary>A is closer to the reference than B, resolved at the family-wise level.</summary>
    ABetter,
    /// <summary>B is closer to the reference than A, resolved at the family-wise level.</summary>
    BBetter,
    /// <summary>The interval does not exclude zero once the number of comparisons is accounted for.</summary>
    Unresolved,
}

/// <summary>One comparison of the family: cells A and B, the paired difference A - B and its Holm-adjusted p-values.</summary>
public sealed record PairedVerdict(int StepsA, SamplerNoise NoiseA, int StepsB, SamplerNoise NoiseB, PairedDifference Difference,
    double FidHolmP, double KidHolmP, double Alpha)
{
    /// <summary>The FID verdict: negative difference = A better; resolved when the Holm-adjusted p is below alpha.</summary>
    public PairedOutcome Fid => FidHolmP < Alpha ? (Difference.Fid < 0 ? PairedOutcome.ABetter : PairedOutcome.BBetter) : PairedOutcome.Unresolved;

    /// <summary>The KID verdict, by the same rule over the KID family.</summary>
    public PairedOutcome Kid => KidHolmP < Alpha ? (Difference.KidDiff < 0 ? PairedOutcome.ABetter : PairedOutcome.BBetter) : PairedOutcome.Unresolved;

    /// <summary>One line: the FID difference with its interval and adjusted p, and which cell it favours.</summary>
    public string Describe()
    {
        string a = $"S = {StepsA}, {Table1Claims.Label(NoiseA)}", b = $"S = {StepsB}, {Table1Claims.Label(NoiseB)}";
        var (lo, hi) = Difference.FidInterval;
        string verdict = Fid switch
        {
            PairedOutcome.ABetter => $"{a} is better, resolved",
            PairedOutcome.BBetter => $"{b} is better, resolved",
            _ => "not resolved",
        };
        return FormattableString.Invariant($"FID({a}) - FID({b}) = {Difference.Fid:F1}, 95% interval [{lo:F1}, {hi:F1}], Holm-adjusted p = {FidHolmP:G2}: {verdict}");
    }
}

/// <summary>
/// The paired verdicts of a sweep with per-sample features (<see cref="FeatureStore"/>). The family of comparisons is
/// fixed before looking at the numbers: at every S, every pair of samplers (10 pairs for 5 samplers); for every sampler,
/// every larger S against every smaller S (6 pairs for 4 values of S): 70 comparisons for a 4 x 5 grid. Holm's correction is applied over the whole family, separately for FID and for KID,
/// so each family's chance of any false "resolved" verdict stays below <see cref="Alpha"/>.
/// </summary>
public sealed class PairedSweep
{
    private readonly Dictionary<(int, SamplerNoise), CellReplicates> cells;
    private readonly List<PairedVerdict> verdicts;

    private PairedSweep(IReadOnlyList<SweepRow> rows, Dictionary<(int, SamplerNoise), CellReplicates> cells, double alpha, int replicates)
    {
        Rows = rows;
        this.cells = cells;
        Alpha = alpha;
        Replicates = replicates;
        Steps = rows.Select(r => r.Steps).Distinct().Order().ToArray();
        Noises = rows.Select(r => r.Eta).Distinct().ToArray();
        var pairs = new List<(int, SamplerNoise, int, SamplerNoise)>();
        foreach (int s in Steps)
            for (int i = 0; i < Noises.Count; i++)
                for (int j = i + 1; j < Noises.Count; j++)
                    pairs.Add((s, Noises[i], s, Noises[j]));
        foreach (var noise in Noises)
            for (int k = 0; k < Steps.Count; k++)
                for (int l = k + 1; l < Steps.Count; l++)
                    pairs.Add((Steps[l], noise, Steps[k], noise));
        var differences = pairs.Select(p => PairedBootstrap.Compare(cells[(p.Item1, p.Item2)], cells[(p.Item3, p.Item4)])).ToList();
        var fidHolm = MultipleComparisons.Holm(differences.Select(d => d.FidP).ToList());
        var kidHolm = MultipleComparisons.Holm(differences.Select(d => d.KidP).ToList());
        verdicts = pairs.Select((p, i) => new PairedVerdict(p.Item1, p.Item2, p.Item3, p.Item4, differences[i], fidHolm[i], kidHolm[i], alpha)).ToList();
    }

    /// <summary>The sweep's rows (one uniform-spacing grid).</summary>
    public IReadOnlyList<SweepRow> Rows { get; }

    /// <summary>The measured S values, ascending.</summary>
    public IReadOnlyList<int> Steps { get; }

    /// <summary>The samplers, in the order of the rows.</summary>
    public IReadOnlyList<SamplerNoise> Noises { get; }

    /// <summary>Family-wise error rate of each family (FID, KID).</summary>
    public double Alpha { get; }

    /// <summary>Bootstrap resamples B.</summary>
    public int Replicates { get; }

    /// <summary>Every comparison of the family, in a fixed order.</summary>
    public IReadOnlyList<PairedVerdict> Verdicts => verdicts;

    /// <summary>The bootstrap replicates of one cell.</summary>
    public CellReplicates Cell(int steps, SamplerNoise noise) =>
        cells.TryGetValue((steps, noise), out var cell) ? cell
            : throw new KeyNotFoundException($"No cell S = {steps}, eta = {noise}; measured S: {string.Join(", ", Steps)}.");

    /// <summary>The bootstrap standard error of one cell's FID.</summary>
    public double FidSe(int steps, SamplerNoise noise)
    {
        var fid = Cell(steps, noise).Fid;
        double mean = fid.Average();
        return Math.Sqrt(fid.Sum(v => (v - mean) * (v - mean)) / (fid.Length - 1));
    }

    /// <summary>The verdict comparing (S_a, a) with (S_b, b), in either order (the difference is always a minus b).</summary>
    public PairedVerdict Compare(int stepsA, SamplerNoise a, int stepsB, SamplerNoise b)
    {
        var v = verdicts.FirstOrDefault(v => v.StepsA == stepsA && v.NoiseA == a && v.StepsB == stepsB && v.NoiseB == b);
        if (v is not null) return v;
        var r = verdicts.FirstOrDefault(v => v.StepsA == stepsB && v.NoiseA == b && v.StepsB == stepsA && v.NoiseB == a)
            ?? throw new KeyNotFoundException($"S = {stepsA}, eta = {a} against S = {stepsB}, eta = {b} is not in the family " +
                "(it holds every pair of samplers at one S and every pair of S for one sampler).");
        var d = r.Difference;
        return r with
        {
            StepsA = r.StepsB, NoiseA = r.NoiseB, StepsB = r.StepsA, NoiseB = r.NoiseA,
            Difference = new PairedDifference(d.B, d.A, d.FidB, d.FidA, -d.Fid, d.FidSe, -d.KidDiff, d.KidSe),
        };
    }

    /// <summary>The verdict of sampler a against b at one S.</summary>
    public PairedVerdict Compare(int steps, SamplerNoise a, SamplerNoise b) => Compare(steps, a, steps, b);

    /// <summary>
    /// The rows of the values of S for which every sampler of <paramref name="rows"/> has a cell (an unfinished sweep
    /// leaves its largest S incomplete; the paired family needs a full grid).
    /// </summary>
    public static IReadOnlyList<SweepRow> CompleteSteps(IReadOnlyList<SweepRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int noises = rows.Select(r => r.Eta).Distinct().Count();
        var complete = rows.GroupBy(r => r.Steps).Where(g => g.Select(r => r.Eta).Distinct().Count() == noises).Select(g => g.Key).ToHashSet();
        return rows.Where(r => complete.Contains(r.Steps)).ToList();
    }

    /// <summary>
    /// Reads the features of every row of <paramref name="rows"/> (uniform spacing, equal n) from <paramref name="store"/>
    /// and builds the verdicts from <paramref name="replicates"/> paired resamples against <paramref name="reference"/>.
    /// </summary>
    public static PairedSweep Measure(IReadOnlyList<SweepRow> rows, FeatureStore store, Tensor reference, int replicates = 1000,
        double alpha = 0.05, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(store);
        if (rows.Count < 2) throw new ArgumentException($"A paired comparison needs at least 2 cells; got {rows.Count}.", nameof(rows));
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentException($"alpha is {alpha}; it must lie in (0, 1), e.g. 0.05.", nameof(alpha));
        var sizes = rows.Select(r => r.N).Distinct().ToList();
        if (sizes.Count != 1)
            throw new ArgumentException($"Cells have n = {string.Join(", ", sizes)}; paired comparisons need one n for every cell.", nameof(rows));
        var spacings = rows.Select(r => r.Spacing).Distinct().ToList();
        if (spacings.Count != 1)
            throw new ArgumentException($"Rows mix spacings {string.Join(", ", spacings)}; measure one spacing at a time.", nameof(rows));
        var grid = rows.GroupBy(r => (r.Steps, r.Eta)).ToList();
        var dup = grid.FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new ArgumentException($"The cell S = {dup.Key.Steps}, eta = {dup.Key.Eta} appears {dup.Count()} times; pass each cell once.", nameof(rows));
        int stepCount = rows.Select(r => r.Steps).Distinct().Count(), noiseCount = rows.Select(r => r.Eta).Distinct().Count();
        if (grid.Count != stepCount * noiseCount)
            throw new ArgumentException($"The rows hold {grid.Count} cells, not the full grid of {stepCount} S x {noiseCount} samplers = {stepCount * noiseCount}; " +
                "finish the sweep or pass only complete rows of S.", nameof(rows));
        using var bootstrap = new PairedBootstrap(reference, (int)sizes[0], replicates, seed);
        var cells = new Dictionary<(int, SamplerNoise), CellReplicates>();
        foreach (var row in rows)
        {
            using var features = store.Read(row.Spacing, row.Steps, row.Eta);
            cells[(row.Steps, row.Eta)] = bootstrap.Evaluate($"S = {row.Steps}, eta = {row.Eta}", features);
        }
        return new PairedSweep(rows, cells, alpha, replicates);
    }
}
