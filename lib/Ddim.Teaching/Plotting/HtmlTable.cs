using System.Globalization;
using System.Net;
using System.Text;

namespace Ddim.Teaching.Plotting;

/// <summary>
/// A small table that notebooks display as HTML (aligned columns in Jupyter, VS Code and the course's pages), in place of
/// console lines padded by hand. Numbers are right-aligned; cells are HTML-encoded.
/// </summary>
public sealed partial record HtmlTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows, string Caption = "")
{
    /// <summary>A table from its header and rows; every row must have one cell per header.</summary>
    public static HtmlTable Of(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, string caption = "")
    {
        ArgumentNullException.ThrowIfNull(headers);
        var list = rows.ToList();
        for (int i = 0; i < list.Count; i++)
            if (list[i].Count != headers.Count)
                throw new ArgumentException($"row {i} has {list[i].Count} cells for {headers.Count} headers; give one cell per header.", nameof(rows));
        return new HtmlTable(headers, list, caption);
    }

    /// <summary>How a number is written: up to 4 significant digits (G4), as the console tables did.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        float f => f.ToString("G4", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The table as HTML (header, right-aligned numbers), for a notebook cell's output.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<table style=\"border-collapse:collapse;font:13px sans-serif;margin:0.4em 0\">");
        if (Caption.Length > 0) html.Append($"<caption style=\"text-align:left;color:#444\">{WebUtility.HtmlEncode(Caption)}</caption>");
        html.Append("<tr>");
        foreach (var h in Headers) html.Append($"<th style=\"border:1px solid #ddd;padding:2px 8px;background:#f4f6f8\">{WebUtility.HtmlEncode(h)}</th>");
        html.Append("</tr>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                string align = cell is double or float or int or long or decimal || cell is string text && Numeric().IsMatch(text) ? "right" : "left";
                html.Append($"<td style=\"border:1px solid #ddd;padding:2px 8px;text-align:{align}\">{WebUtility.HtmlEncode(Format(cell))}</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    /// <summary>A number already formatted by the caller (e.g. <c>$"{x:F3}"</c>), aligned as a number.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^[-+]?[0-9][0-9,]*(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex Numeric();

    /// <summary>Plain text (tab-separated), for consoles and logs.</summary>
    public override string ToString() =>
        string.Join("\n", Rows.Select(r => string.Join("\t", r.Select(Format))).Prepend(string.Join("\t", Headers)));
}
