using System.Globalization;
using System.Net;
using System.Text;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Sampling;

namespace Ddim.Teaching.Experiments;

/// <summary>How a claim of the paper fares against a measured table.</summary>
public enum ClaimOutcome
{
    /// <summary>Every comparison the claim needs is resolved in the paper's direction.</summary>
    Reproduced,
    /// <summary>At least one comparison is resolved against the paper.</summary>
    Contradicted,
    /// <summary>None is resolved against the paper, but not all are resolved for it.</summary>
    Unresolved,
    /// <summary>The table lacks the cells the claim is about.</summary>
    NotMeasured,
}

/// <summary>One row of a table of checks: the claim, the measured value, the rule it is judged by, and the outcome.</summary>
public sealed record ClaimCheck(string Claim, string Value, string Bound, ClaimOutcome Outcome);

/// <summary>
/// The paper's Table 1 claims (Song et al. 2021, Section 5.1), judged by paired verdicts (<see cref="PairedSweep"/>):
/// eta = 0 has the best FID at small S; sigma-hat has the worst at small S and the best at S = 1000; every sampler
/// improves as S grows; and fewer steps cost proportionally less wall-clock. "Resolved" means a Holm-adjusted p-value
/// below the family's alpha, on FID (KID is reported beside it as a second opinion, not used for the outcome).
/// </summary>
public static class Table1Claims
{
    /// <summary>"eta = 0.5" or "sigma-hat".</summary>
    public static string Label(SamplerNoise noise) => noise.Label;

    private static string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Every claim, per S where the claim is about one S.</summary>
    public static IReadOnlyList<ClaimCheck> Evaluate(PairedSweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        string rule = $"each comparison resolved (Holm-adjusted p < {F(sweep.Alpha, "G2")})";
        var checks = new List<ClaimCheck>();
        var eta0 = SamplerNoise.Deterministic;
        bool hasEta0 = sweep.Noises.Contains(eta0), hasHat = sweep.Noises.Contains(SamplerNoise.SigmaHat);
        foreach (int s in sweep.Steps)
        {
            if (hasEta0)
                checks.Add(Against($"S = {s}: eta = 0 has the lowest FID", s, eta0, sweep, winsWanted: true, rule));
            if (hasHat)
                checks.Add(Against($"S = {s}: sigma-hat has the highest FID", s, SamplerNoise.SigmaHat, sweep, winsWanted: false, rule));
        }
        checks.Add(sweep.Steps.Contains(1000) && hasHat
            ? Against("S = 1000: sigma-hat has the lowest FID (the paper's 3.17 on CIFAR-10)", 1000, SamplerNoise.SigmaHat, sweep, winsWanted: true, rule)
            : new ClaimCheck("S = 1000: sigma-hat has the lowest FID (the paper's 3.17 on CIFAR-10)", "S = 1000 not in this table", "-", ClaimOutcome.NotMeasured));
        foreach (var noise in sweep.Noises)
            checks.Add(Improves(noise, sweep, rule));
        checks.AddRange(SpeedUps(sweep, rule));
        return checks;
    }

    // The sampler against each other sampler at S: all resolved in the wanted direction = reproduced.
    private static ClaimCheck Against(string claim, int s, SamplerNoise noise, PairedSweep sweep, bool winsWanted, string rule)
    {
        var others = sweep.Noises.Where(n => n != noise).Select(n => (Other: n, Verdict: sweep.Compare(s, noise, n))).ToList();
        int wins = others.Count(o => o.Verdict.Fid == PairedOutcome.ABetter), losses = others.Count(o => o.Verdict.Fid == PairedOutcome.BBetter);
        int wanted = winsWanted ? wins : losses, against = winsWanted ? losses : wins;
        var outcome = against > 0 ? ClaimOutcome.Contradicted : wanted == others.Count ? ClaimOutcome.Reproduced : ClaimOutcome.Unresolved;
        string detail = string.Join("; ", others.Select(o =>
        {
            var (lo, hi) = o.Verdict.Difference.FidInterval;
            return $"vs {Label(o.Other)} {F(o.Verdict.Difference.Fid)} [{F(lo)}, {F(hi)}]";
        }));
        string value = $"{(winsWanted ? "beats" : "loses to")} {wanted} of {others.Count} resolved, {(winsWanted ? "loses to" : "beats")} {against}. FID difference (95%): {detail}";
        return new ClaimCheck(claim, value, rule, outcome);
    }

    // Each larger S against each smaller S for one sampler: all resolved better = reproduced.
    private static ClaimCheck Improves(SamplerNoise noise, PairedSweep sweep, string rule)
    {
        var pairs = sweep.Verdicts.Where(v => v.NoiseA == noise && v.NoiseB == noise).ToList();
        int better = pairs.Count(v => v.Fid == PairedOutcome.ABetter), worse = pairs.Count(v => v.Fid == PairedOutcome.BBetter);
        var outcome = pairs.Count == 0 ? ClaimOutcome.NotMeasured
            : worse > 0 ? ClaimOutcome.Contradicted : better == pairs.Count ? ClaimOutcome.Reproduced : ClaimOutcome.Unresolved;
        var fids = sweep.Steps.Select(s => $"S = {s}: {F(sweep.Cell(s, noise).FidPoint)}");
        string unresolved = string.Join(", ", pairs.Where(v => v.Fid == PairedOutcome.Unresolved).Select(v => $"{v.StepsB} -> {v.StepsA}"));
        string value = $"FID {string.Join(", ", fids)}; larger S better in {better} of {pairs.Count} pairs, worse in {worse}" +
                       (unresolved.Length > 0 ? $" (unresolved: {unresolved})" : "");
        return new ClaimCheck($"{Label(noise)}: FID falls as S grows", value, rule, outcome);
    }

    // Wall-clock of each S against the largest S measured (eta = 0 cells; sampling seconds of the whole cell), with the
    // quality verdict of the same pair: a speed-up "at equal quality" is reproduced only if the FID loss is not resolved.
    private static IEnumerable<ClaimCheck> SpeedUps(PairedSweep sweep, string rule)
    {
        var noise = sweep.Noises.Contains(SamplerNoise.Deterministic) ? SamplerNoise.Deterministic : sweep.Noises[0];
        int top = sweep.Steps[^1];
        double topSeconds = Seconds(sweep, top, noise);
        foreach (int s in sweep.Steps.Where(s => s < top))
        {
            double speedUp = topSeconds / Seconds(sweep, s, noise), ideal = (double)top / s;
            var v = sweep.Compare(s, noise, top, noise);
            var (lo, hi) = v.Difference.FidInterval;
            var outcome = speedUp < ideal / 2 ? ClaimOutcome.Contradicted
                : v.Fid == PairedOutcome.BBetter ? ClaimOutcome.Contradicted
                : v.Fid == PairedOutcome.Unresolved ? ClaimOutcome.Unresolved : ClaimOutcome.Reproduced;
            yield return new ClaimCheck($"{Label(noise)}: S = {s} is about {F(ideal, "F0")}x faster than S = {top} at equal FID",
                $"wall-clock speed-up {F(speedUp)}x (ideal {F(ideal, "F0")}x); FID S = {s} minus S = {top}: {F(v.Difference.Fid)} [{F(lo)}, {F(hi)}]",
                $"speed-up at least half the ideal, and S = {s} not resolved worse than S = {top} (Holm-adjusted p < {F(sweep.Alpha, "G2")})", outcome);
        }
    }

    private static double Seconds(PairedSweep sweep, int s, SamplerNoise noise) => sweep.Rows.Single(r => r.Steps == s && r.Eta == noise).Seconds;

    /// <summary>One sentence per outcome, listing the claims that have it (for a summary printed from the data).</summary>
    public static string Summary(IReadOnlyList<ClaimCheck> checks)
    {
        var text = new StringBuilder();
        foreach (var outcome in Enum.GetValues<ClaimOutcome>())
        {
            var claims = checks.Where(c => c.Outcome == outcome).Select(c => c.Claim).ToList();
            if (claims.Count > 0) text.Append($"{outcome} ({claims.Count}): {string.Join("; ", claims)}.\n");
        }
        return text.ToString();
    }

    /// <summary>The checks as one compact HTML table (claim, value, rule, outcome).</summary>
    public static string ToHtml(IReadOnlyList<ClaimCheck> checks, string caption)
    {
        var html = new StringBuilder("<table style=\"border-collapse:collapse;font-size:90%\">");
        html.Append($"<caption style=\"text-align:left\">{WebUtility.HtmlEncode(caption)}</caption>");
        html.Append("<tr><th align=\"left\">claim</th><th align=\"left\">measured</th><th align=\"left\">rule</th><th align=\"left\">outcome</th></tr>");
        foreach (var c in checks)
        {
            string colour = c.Outcome switch { ClaimOutcome.Reproduced => "#1a7f37", ClaimOutcome.Contradicted => "#cf222e", _ => "#6e7781" };
            html.Append("<tr style=\"border-top:1px solid #ddd\">")
                .Append($"<td>{WebUtility.HtmlEncode(c.Claim)}</td><td>{WebUtility.HtmlEncode(c.Value)}</td>")
                .Append($"<td>{WebUtility.HtmlEncode(c.Bound)}</td><td style=\"color:{colour};font-weight:bold\">{c.Outcome}</td></tr>");
        }
        return html.Append("</table>").ToString();
    }
}
