using System.Globalization;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;

namespace Ddim.Teaching.Plotting;

/// <summary>HTML tables of a solver sweep: its cells (FID, KID, cost) and the paired verdicts of its family.</summary>
public static class SolverTables
{
    private static string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// One row per cell in order of solver and NFE: solver label (the row's world with <paramref name="prefix"/> removed),
    /// spacing, S, NFE, n, FID, KID +- its standard error, and sampling seconds per sample.
    /// </summary>
    public static HtmlTable Cells(IEnumerable<SweepRow> rows, string caption, string prefix = "fashion-mnist-unet-")
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ordered = rows.OrderBy(r => r.World, StringComparer.Ordinal).ThenBy(r => r.ModelCalls).ToList();
        return HtmlTable.Of(["solver", "spacing", "S", "NFE", "n", "FID", "KID ± se", "s / sample"],
            ordered.Select(r => (IReadOnlyList<object?>)[prefix.Length > 0 && r.World.StartsWith(prefix, StringComparison.Ordinal) ? r.World[prefix.Length..] : r.World, r.Spacing, r.Steps, r.ModelCalls, r.N, F(r.Fid),
                r.Kid is { } kid ? $"{F(kid, "F2")} ± {F(r.KidSe ?? double.NaN, "F2")}" : "", F(r.Seconds / r.N, "F3")]),
            caption);
    }

    /// <summary>
    /// One row per comparison of the family: the two cells, FID(A) - FID(B) with its 95% paired interval, the Holm-adjusted
    /// p-values, and the verdicts on FID and on KID (the better cell named, or "not resolved").
    /// </summary>
    public static HtmlTable Verdicts(SolverPairedSweep sweep, string caption)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        string Winner(SolverVerdict v, PairedOutcome outcome) => outcome switch
        {
            PairedOutcome.ABetter => $"{v.A.Solver} NFE {v.A.Evaluations}",
            PairedOutcome.BBetter => $"{v.B.Solver} NFE {v.B.Evaluations}",
            _ => "not resolved",
        };
        return HtmlTable.Of(["A", "B", "FID(A) − FID(B)", "95% interval", "Holm p (FID)", "better on FID", "better on KID"],
            sweep.Verdicts.Select(v => (IReadOnlyList<object?>)[v.A.ToString(), v.B.ToString(), F(v.Difference.Fid),
                $"[{F(v.Difference.FidInterval.Lower)}, {F(v.Difference.FidInterval.Upper)}]", F(v.FidHolmP, "G2"),
                Winner(v, v.Fid), Winner(v, v.Kid)]),
            caption);
    }
}
