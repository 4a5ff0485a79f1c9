using Ddim.Teaching.Metrics;
using static TorchSharp.torch;

namespace Ddim.Teaching.Experiments;

/// <summary>One cell of a solver sweep: the solver's label (the sweep row's <c>world</c>), its S and its model evaluations (NFE).</summary>
public sealed record SolverCell(string Solver, int Steps, long Evaluations)
{
    /// <summary>"label S = s (NFE e)", e.g. <c>heun S = 5 (NFE 9)</c>.</summary>
    public override string ToString() => $"{Solver} S = {Steps} (NFE {Evaluations})";
}

/// <summary>One comparison of a solver family: cells A and B, the paired difference A - B and its Holm-adjusted p-values.</summary>
public sealed record SolverVerdict(SolverCell A, SolverCell B, PairedDifference Difference, double FidHolmP, double KidHolmP, double Alpha)
{
    /// <summary>The FID verdict: negative difference = A better; resolved when the Holm-adjusted p is below alpha.</summary>
    public PairedOutcome Fid => FidHolmP < Alpha ? (Difference.Fid < 0 ? PairedOutcome.ABetter : PairedOutcome.BBetter) : PairedOutcome.Unresolved;

    /// <summary>The KID verdict, by the same rule over the KID family.</summary>
    public PairedOutcome Kid => KidHolmP < Alpha ? (Difference.KidDiff < 0 ? PairedOutcome.ABetter : PairedOutcome.BBetter) : PairedOutcome.Unresolved;

    /// <summary>The FID difference with its 95% interval and Holm-adjusted p, e.g. <c>-6.4 [-12.2, -0.5], Holm p 0.091</c>.</summary>
    public string FidEvidence => FormattableString.Invariant(
        $"{Difference.Fid:F1} [{Difference.FidInterval.Lower:F1}, {Difference.FidInterval.Upper:F1}], Holm p {FidHolmP:G2}");

    /// <summary>One line: the FID difference with its interval and adjusted p, and which cell it favours.</summary>
    public string Describe()
    {
        var (lo, hi) = Difference.FidInterval;
        string verdict = Fid switch
        {
            PairedOutcome.ABetter => $"{A} is better, resolved",
            PairedOutcome.BBetter => $"{B} is better, resolved",
            _ => "not resolved",
        };
        return FormattableString.Invariant($"FID({A}) - FID({B}) = {Difference.Fid:F1}, 95% interval [{lo:F1}, {hi:F1}], Holm-adjusted p = {FidHolmP:G2}: {verdict}");
    }
}

/// <summary>
/// Paired verdicts between ODE solvers sampled from the same x_T, cells keyed by solver label and S (each with its
/// own NFE). The family is fixed before looking at the numbers: for each solver, every larger S against every smaller S;
/// for each pair of solvers, every cell of one against the cell of the other with the nearest NFE, when the two NFE are
/// within a factor <see cref="NearNfeRatio"/> (5 against Heun's 7, 10 against 9, ...). Holm's correction runs over the
/// whole family, separately for FID and KID, with the same bootstrap (<see cref="PairedBootstrap"/>) as
/// <see cref="PairedSweep"/>.
/// </summary>
public sealed class SolverPairedSweep
{
    /// <summary>Two cells of different solvers are "at near-equal NFE" when the larger NFE is at most this times the smaller.</summary>
    public const double NearNfeRatio = 1.5;

    private readonly Dictionary<SolverCell, CellReplicates> cells;

    private SolverPairedSweep(IReadOnlyList<SweepRow> rows, Dictionary<SolverCell, CellReplicates> cells, double alpha, int replicates)
    {
        Rows = rows;
        this.cells = cells;
        Alpha = alpha;
        Replicates = replicates;
        Solvers = rows.Select(r => r.World).Distinct().ToArray();
        var pairs = Family(cells.Keys.ToList());
        var differences = pairs.Select(p => PairedBootstrap.Compare(cells[p.A], cells[p.B])).ToList();
        var fidHolm = MultipleComparisons.Holm(differences.Select(d => d.FidP).ToList());
        var kidHolm = MultipleComparisons.Holm(differences.Select(d => d.KidP).ToList());
        Verdicts = pairs.Select((p, i) => new SolverVerdict(p.A, p.B, differences[i], fidHolm[i], kidHolm[i], alpha)).ToList();
    }

    /// <summary>The sweep's rows.</summary>
    public IReadOnlyList<SweepRow> Rows { get; }

    /// <summary>The solver labels, in the order of the rows.</summary>
    public IReadOnlyList<string> Solvers { get; }

    /// <summary>Family-wise error rate of each family (FID, KID).</summary>
    public double Alpha { get; }

    /// <summary>Bootstrap resamples B.</summary>
    public int Replicates { get; }

    /// <summary>Every comparison of the family, in a fixed order (within solvers first, then between solvers by NFE).</summary>
    public IReadOnlyList<SolverVerdict> Verdicts { get; }

    /// <summary>The cells of one solver, in order of NFE.</summary>
    public IReadOnlyList<SolverCell> CellsOf(string solver) => cells.Keys.Where(c => c.Solver == solver).OrderBy(c => c.Evaluations).ToList();

    /// <summary>The bootstrap replicates of one cell.</summary>
    public CellReplicates Cell(string solver, int steps) =>
        cells.FirstOrDefault(c => c.Key.Solver == solver && c.Key.Steps == steps).Value
            ?? throw new KeyNotFoundException($"No cell {solver} S = {steps}; measured: {string.Join(", ", cells.Keys)}.");

    /// <summary>The bootstrap standard error of one cell's FID.</summary>
    public double FidSe(string solver, int steps)
    {
        var fid = Cell(solver, steps).Fid;
        double mean = fid.Average();
        return Math.Sqrt(fid.Sum(v => (v - mean) * (v - mean)) / (fid.Length - 1));
    }

    /// <summary>The verdict of (solver a, S_a) against (solver b, S_b), in either order (the difference is always a minus b).</summary>
    public SolverVerdict Compare(string solverA, int stepsA, string solverB, int stepsB)
    {
        bool Is(SolverCell c, string solver, int steps) => c.Solver == solver && c.Steps == steps;
        var v = Verdicts.FirstOrDefault(v => Is(v.A, solverA, stepsA) && Is(v.B, solverB, stepsB));
        if (v is not null) return v;
        var r = Verdicts.FirstOrDefault(v => Is(v.A, solverB, stepsB) && Is(v.B, solverA, stepsA))
            ?? throw new KeyNotFoundException($"{solverA} S = {stepsA} against {solverB} S = {stepsB} is not in the family " +
                $"(it holds every pair of S for one solver and, between solvers, cells within a factor {NearNfeRatio} of NFE).");
        var d = r.Difference;
        return r with { A = r.B, B = r.A, Difference = new PairedDifference(d.B, d.A, d.FidB, d.FidA, -d.Fid, d.FidSe, -d.KidDiff, d.KidSe) };
    }

    /// <summary>
    /// The family over <paramref name="cells"/>: within each solver every (larger S, smaller S); between two solvers, each
    /// cell with the other solver's nearest-NFE cell (ties to the smaller NFE), kept when within <see cref="NearNfeRatio"/>,
    /// each pair once, the solver met first as A.
    /// </summary>
    public static IReadOnlyList<(SolverCell A, SolverCell B)> Family(IReadOnlyList<SolverCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var solvers = cells.Select(c => c.Solver).Distinct().ToList();
        var pairs = new List<(SolverCell, SolverCell)>();
        foreach (var solver in solvers)
        {
            var own = cells.Where(c => c.Solver == solver).OrderBy(c => c.Evaluations).ToList();
            for (int k = 0; k < own.Count; k++)
                for (int l = k + 1; l < own.Count; l++)
                    pairs.Add((own[l], own[k]));
        }
        for (int i = 0; i < solvers.Count; i++)
            for (int j = i + 1; j < solvers.Count; j++)
            {
                var a = cells.Where(c => c.Solver == solvers[i]).OrderBy(c => c.Evaluations).ToList();
                var b = cells.Where(c => c.Solver == solvers[j]).OrderBy(c => c.Evaluations).ToList();
                var between = a.Select(x => (x, Nearest(b, x))).Concat(b.Select(y => (Nearest(a, y), y)))
                    .Where(p => Ratio(p.Item1, p.Item2) <= NearNfeRatio).Distinct().OrderBy(p => p.Item1.Evaluations).ThenBy(p => p.Item2.Evaluations);
                pairs.AddRange(between);
            }
        return pairs;
    }

    private static SolverCell Nearest(IReadOnlyList<SolverCell> candidates, SolverCell to) =>
        candidates.MinBy(c => Math.Abs(Math.Log((double)c.Evaluations / to.Evaluations)))!;

    private static double Ratio(SolverCell a, SolverCell b) =>
        (double)Math.Max(a.Evaluations, b.Evaluations) / Math.Min(a.Evaluations, b.Evaluations);

    /// <summary>
    /// Reads the features of every row (one solver per <c>world</c>, uniform spacing, equal n) from the store of its
    /// solver (<paramref name="storeOf"/>, e.g. one sub-folder per world) and builds the verdicts from
    /// <paramref name="replicates"/> paired resamples against <paramref name="reference"/>.
    /// </summary>
    public static SolverPairedSweep Measure(IReadOnlyList<SweepRow> rows, Func<string, FeatureStore> storeOf, Tensor reference,
        int replicates = 1000, double alpha = 0.05, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(storeOf);
        if (rows.Count < 2) throw new ArgumentException($"A paired comparison needs at least 2 cells; got {rows.Count}.", nameof(rows));
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentException($"alpha is {alpha}; it must lie in (0, 1), e.g. 0.05.", nameof(alpha));
        var sizes = rows.Select(r => r.N).Distinct().ToList();
        if (sizes.Count != 1)
            throw new ArgumentException($"Cells have n = {string.Join(", ", sizes)}; paired comparisons need one n for every cell.", nameof(rows));
        var dup = rows.GroupBy(r => (r.World, r.Steps)).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new ArgumentException($"The cell {dup.Key.World} S = {dup.Key.Steps} appears {dup.Count()} times; pass each cell once.", nameof(rows));
        using var bootstrap = new PairedBootstrap(reference, (int)sizes[0], replicates, seed);
        var cells = new Dictionary<SolverCell, CellReplicates>();
        foreach (var row in rows)
        {
            using var features = storeOf(row.World).Read(row.Spacing, row.Steps, row.Eta);
            cells[new SolverCell(row.World, row.Steps, row.ModelCalls)] = bootstrap.Evaluate($"{row.World} S = {row.Steps}", features);
        }
        return new SolverPairedSweep(rows, cells, alpha, replicates);
    }
}
