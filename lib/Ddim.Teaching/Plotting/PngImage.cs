using System.Net;
using System.Text;

namespace Ddim.Teaching.Plotting;

/// <summary>Where the tiles of an image grid sit (in PNG pixels) and the labels of its rows and columns, if any.</summary>
public sealed record GridLayout(int Columns, int Rows, int TileWidth, int TileHeight, int Padding,
    IReadOnlyList<string>? RowLabels = null, IReadOnlyList<string>? ColumnLabels = null);

/// <summary>
/// PNG bytes with a caption; notebooks display it inline (see <see cref="ToHtml"/>), tools save it. An image grid also
/// carries its <see cref="Grid"/> layout, so the page can label rows and columns beside the pixels.
/// </summary>
public sealed record PngImage(byte[] Bytes, int Width, int Height, string Caption = "")
{
    /// <summary>The tile layout when this is an image grid.</summary>
    public GridLayout? Grid { get; init; }

    /// <summary>
    /// How many screen pixels per image pixel the page shows (nearest-neighbour, so pixels stay sharp; a fractional scale
    /// such as 2.5 lets a wide grid fill the page).
    /// </summary>
    public double Scale { get; init; } = 2;

    /// <summary>Writes the PNG bytes to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllBytes(path, Bytes);

    /// <summary>
    /// A figure with the PNG as a data URI (works in Jupyter, VS Code and the offline HTML report), shown at
    /// <paramref name="scale"/> (default <see cref="Scale"/>), with row labels on the left and column labels on top.
    /// </summary>
    public string ToHtml(double? scale = null)
    {
        double s = scale ?? Scale;
        string image = $"<img src=\"data:image/png;base64,{Convert.ToBase64String(Bytes)}\" width=\"{Px(Width * s)}\" height=\"{Px(Height * s)}\" " +
                       $"style=\"image-rendering:pixelated;max-width:none;display:block\" alt=\"{WebUtility.HtmlEncode(Caption)}\">";
        var html = new StringBuilder("<figure style=\"margin:0.5em 0;overflow-x:auto\">");
        if (Grid is { RowLabels: not null } or { ColumnLabels: not null })
            html.Append(Labelled(image, Grid!, s));
        else
            html.Append(image);
        if (Caption.Length > 0)
            html.Append($"<figcaption style=\"font:13px sans-serif;color:#444\">{WebUtility.HtmlEncode(Caption)}</figcaption>");
        return html.Append("</figure>").ToString();
    }

    private static string Px(double pixels) => Math.Round(pixels, 2).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Labelled(string image, GridLayout g, double s)
    {
        const string font = "font:12px sans-serif;color:#333;";
        var html = new StringBuilder("<table style=\"border-collapse:collapse;border:0\"><tr><td style=\"border:0;padding:0\"></td>");
        html.Append("<td style=\"border:0;padding:0\">");
        if (g.ColumnLabels is { } columns)
        {
            html.Append($"<div style=\"display:grid;grid-template-columns:repeat({g.Columns},{Px((g.TileWidth + g.Padding) * s)}px);padding-left:{Px(g.Padding * s / 2)}px;{font}text-align:center\">");
            foreach (var label in columns) html.Append($"<div>{WebUtility.HtmlEncode(label)}</div>");
            html.Append("</div>");
        }
        html.Append("</td></tr><tr><td style=\"border:0;padding:0 6px 0 0;vertical-align:top\">");
        if (g.RowLabels is { } rows)
        {
            html.Append($"<div style=\"display:grid;grid-template-rows:repeat({g.Rows},{Px((g.TileHeight + g.Padding) * s)}px);padding-top:{Px(g.Padding * s / 2)}px;{font}text-align:right;align-items:center;white-space:nowrap\">");
            foreach (var label in rows) html.Append($"<div>{WebUtility.HtmlEncode(label)}</div>");
            html.Append("</div>");
        }
        return html.Append($"</td><td style=\"border:0;padding:0\">{image}</td></tr></table>").ToString();
    }
}
