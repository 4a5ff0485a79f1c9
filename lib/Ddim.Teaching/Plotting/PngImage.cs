namespace Ddim.Teaching.Plotting;

/// <summary>PNG bytes with a caption; notebooks display it inline (see <see cref="ToHtml"/>), tools save it.</summary>
public sealed record PngImage(byte[] Bytes, int Width, int Height, string Caption = "")
{
    public void Save(string path) => File.WriteAllBytes(path, Bytes);

    /// <summary>An &lt;img&gt; with the PNG as a data URI (works in Jupyter, VS Code and the offline HTML report).</summary>
    public string ToHtml(int scale = 2) =>
        $"<figure style=\"margin:0.5em 0\"><img src=\"data:image/png;base64,{Convert.ToBase64String(Bytes)}\" width=\"{Width * scale}\" " +
        $"style=\"image-rendering:pixelated\" alt=\"{System.Net.WebUtility.HtmlEncode(Caption)}\">" +
        (Caption.Length > 0 ? $"<figcaption style=\"font:13px sans-serif;color:#444\">{System.Net.WebUtility.HtmlEncode(Caption)}</figcaption>" : "") +
        "</figure>";
}
