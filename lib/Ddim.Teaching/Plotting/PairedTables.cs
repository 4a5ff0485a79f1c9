using System.Globalization;
using System.Net;
using System.Text;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;

namespace Ddim.Teaching.Plotting;

/// <summary>HTML tables of a paired sweep: one row per S, one column per sampler, FID with its 95% bootstrap interval.</summary>
public static class PairedTables
{
    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);

    /// <summary>
    /// FID [95% interval of the cell] per S and sampler; where <paramref name="paper"/> holds a row of the same S and
    /// sampler for a world, it is shown beside it (e.g. the paper's Table 1 rows), labelled by its world.
    /// </summary>
    public static string CellsHtml(PairedSweep sweep, string caption, IEnumerable<SweepRow>? paper = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var paperRows = (paper ?? []).ToList();
        var worlds = paperRows.Select(r => r.World).Distinct().ToList();
        var html = new StringBuilder("<table style=\"border-collapse:collapse;font-size:90%\">");
        html.Append($"<caption style=\"text-align:left\">{WebUtility.HtmlEncode(caption)}</caption><tr><th>S</th><th align=\"left\">table</th>");
        foreach (var noise in sweep.Noises) html.Append($"<th>{WebUtility.HtmlEncode(Table1Claims.Label(noise))}</th>");
        html.Append("</tr>");
        foreach (int s in sweep.Steps)
        {
            html.Append($"<tr style=\"border-top:1px solid #ddd\"><td rowspan=\"{1 + worlds.Count}\">{s}</td><td>measured, FID [95%]</td>");
            foreach (var noise in sweep.Noises)
            {
                double fid = sweep.Cell(s, noise).FidPoint, half = 1.959964 * sweep.FidSe(s, noise);
                html.Append($"<td align=\"right\">{F(fid)} [{F(fid - half)}, {F(fid + half)}]</td>");
            }
            html.Append("</tr>");
            foreach (string world in worlds)
            {
                html.Append($"<tr style=\"color:#6e7781\"><td>{WebUtility.HtmlEncode(world)}</td>");
                foreach (var noise in sweep.Noises)
                {
                    var row = paperRows.FirstOrDefault(r => r.World == world && r.Steps == s && r.Eta == noise);
                    html.Append($"<td align=\"right\">{(row is null ? "-" : row.Fid.ToString("G4", CultureInfo.InvariantCulture))}</td>");
                }
                html.Append("</tr>");
            }
        }
        return html.Append("</table>").ToString();
    }
}
