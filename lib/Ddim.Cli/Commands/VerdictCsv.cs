using System.Globalization;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;

namespace Ddim.Cli.Commands;

/// <summary>
/// The statistics columns shared by every paired-verdict CSV and console line (the eta sweep's and the solver sweep's): the two
/// FIDs, their paired difference with its standard error, the Holm-adjusted p and verdict, and the same for KID.
/// </summary>
internal static class VerdictCsv
{
    /// <summary>The header of the statistics columns, after the columns that name the two cells.</summary>
    public const string StatisticsHeader = "fid_a,fid_b,fid_diff,fid_se,fid_holm_p,fid_verdict,kid_diff,kid_se,kid_holm_p,kid_verdict";

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The statistics columns of one comparison, in the order of <see cref="StatisticsHeader"/>.</summary>
    public static string Statistics(PairedDifference d, double fidHolmP, PairedOutcome fid, double kidHolmP, PairedOutcome kid) =>
        string.Join(",", N(d.FidA), N(d.FidB), N(d.Fid), N(d.FidSe), N(fidHolmP), fid, N(d.KidDiff), N(d.KidSe), N(kidHolmP), kid);

    /// <summary>The console form: FID difference with its 95% interval, adjusted p and verdict, then KID's.</summary>
    public static string Line(PairedDifference d, double fidHolmP, PairedOutcome fid, double kidHolmP, PairedOutcome kid)
    {
        var (lo, hi) = d.FidInterval;
        return $"FID {d.Fid,8:F2} [{lo,8:F2}, {hi,8:F2}] Holm p {fidHolmP,7:G3} {fid,-10}  KID {d.KidDiff,8:F2} Holm p {kidHolmP,7:G3} {kid}";
    }
}
