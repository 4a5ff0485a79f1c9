using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Ddim.Notebooks;

/// <summary>
/// Keeps LaTeX away from Markdown's inline rules. Before Markdig sees a cell, every <c>$...$</c> and <c>$$...$$</c> span
/// (outside code) is swapped for a plain token; after rendering, each token becomes an element holding the TeX, HTML-encoded,
/// between <c>\(...\)</c> or <c>\[...\]</c>, which KaTeX typesets in the page. Without this, rules such as superscript
/// (<c>^...^</c>), emphasis (<c>_..._</c>), escapes (<c>\,</c>) and table pipes rewrite the math before KaTeX sees it.
/// </summary>
public static partial class MathSpans
{
    private const string TokenPrefix = "ddimmath";
    private const string TokenSuffix = "end";

    /// <summary>The markdown with math replaced by tokens, and the math (TeX, display flag) per token number.</summary>
    public static (string Markdown, IReadOnlyList<(string Tex, bool Display)> Math) Protect(string markdown)
    {
        var math = new List<(string, bool)>();
        var text = new StringBuilder(markdown.Length);
        int i = 0;
        while (i < markdown.Length)
        {
            char c = markdown[i];
            if ((i == 0 || markdown[i - 1] == '\n') && FenceAt(markdown, i) is { } fence)
            {
                int close = markdown.IndexOf("\n" + fence, i + fence.Length, StringComparison.Ordinal);
                int end = close < 0 ? markdown.Length : LineEnd(markdown, close + 1);
                text.Append(markdown, i, end - i);
                i = end;
            }
            else if (c == '`')
            {
                int run = Run(markdown, i, '`');
                int close = markdown.IndexOf(new string('`', run), i + run, StringComparison.Ordinal);
                int end = close < 0 ? i + run : close + run;
                text.Append(markdown, i, end - i);
                i = end;
            }
            else if (c == '\\' && i + 1 < markdown.Length)
            {
                text.Append(markdown, i, 2);
                i += 2;
            }
            else if (c == '$' && DisplayEnd(markdown, i) is int displayEnd)
            {
                math.Add((markdown[(i + 2)..displayEnd].Trim(), true));
                text.Append(Token(math.Count - 1));
                i = displayEnd + 2;
            }
            else if (c == '$' && InlineEnd(markdown, i) is int inlineEnd)
            {
                math.Add((markdown[(i + 1)..inlineEnd], false));
                text.Append(Token(math.Count - 1));
                i = inlineEnd + 1;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }
        return (text.ToString(), math);
    }

    /// <summary>Puts the math back into the rendered HTML: a paragraph that is one display span becomes a block.</summary>
    public static string Restore(string html, IReadOnlyList<(string Tex, bool Display)> math)
    {
        if (math.Count == 0) return html;
        string Element(int k, bool block)
        {
            var (tex, display) = math[k];
            string encoded = WebUtility.HtmlEncode(tex);
            return display
                ? block ? $"<div class=\"math\">\\[{encoded}\\]</div>" : $"<span class=\"math display\">\\[{encoded}\\]</span>"
                : $"<span class=\"math\">\\({encoded}\\)</span>";
        }
        // A heading's identifier (Markdig's auto-identifiers) holds the tokens too: there the math becomes plain slug text
        // (\eta = 1 -> eta-1), never markup inside the attribute.
        html = IdAttribute().Replace(html, m => AnyToken().Replace(m.Value, t => Slug(math[int.Parse(t.Groups[1].Value)].Tex)));
        html = ParagraphToken().Replace(html, m => Element(int.Parse(m.Groups[1].Value), block: true));
        return AnyToken().Replace(html, m => Element(int.Parse(m.Groups[1].Value), block: false));
    }

    private static string Token(int k) => $"{TokenPrefix}{k}{TokenSuffix}";

    // TeX as identifier text: letters and digits kept (commands lose their backslash), every other run becomes one '-'.
    private static string Slug(string tex) => NonSlug().Replace(tex.ToLowerInvariant(), "-").Trim('-');

    private static string? FenceAt(string s, int i)
    {
        int start = i;
        while (i < s.Length && s[i] == ' ') i++;
        if (i >= s.Length || (s[i] != '`' && s[i] != '~')) return null;
        int run = Run(s, i, s[i]);
        return run >= 3 && i - start <= 3 ? new string(s[i], run) : null;
    }

    private static int LineEnd(string s, int i)
    {
        int nl = s.IndexOf('\n', i);
        return nl < 0 ? s.Length : nl + 1;
    }

    private static int Run(string s, int i, char c)
    {
        int n = 0;
        while (i + n < s.Length && s[i + n] == c) n++;
        return n;
    }

    /// <summary>Index of the closing <c>$$</c> of a display span opening at <paramref name="i"/>, or null.</summary>
    private static int? DisplayEnd(string s, int i)
    {
        if (i + 1 >= s.Length || s[i + 1] != '$') return null;
        for (int j = i + 2; j + 1 < s.Length; j++)
        {
            if (s[j] == '\\') { j++; continue; }
            if (s[j] == '$' && s[j + 1] == '$') return j > i + 2 ? j : null;
            if (s[j] == '\n' && BlankLineAt(s, j)) return null;
        }
        return null;
    }

    /// <summary>
    /// Index of the closing <c>$</c> of an inline span opening at <paramref name="i"/>, or null. As in Pandoc and Jupyter: the
    /// opening <c>$</c> is not followed by a space, the closing one not preceded by a space nor followed by a digit, and the
    /// span does not cross a blank line.
    /// </summary>
    private static int? InlineEnd(string s, int i)
    {
        if (i + 1 >= s.Length || char.IsWhiteSpace(s[i + 1]) || s[i + 1] == '$') return null;
        for (int j = i + 1; j < s.Length; j++)
        {
            if (s[j] == '\\') { j++; continue; }
            if (s[j] == '\n' && BlankLineAt(s, j)) return null;
            if (s[j] != '$') continue;
            if (char.IsWhiteSpace(s[j - 1])) return null;
            if (j + 1 < s.Length && char.IsDigit(s[j + 1])) return null;
            return j;
        }
        return null;
    }

    private static bool BlankLineAt(string s, int newline)
    {
        int next = s.IndexOf('\n', newline + 1);
        string line = next < 0 ? s[(newline + 1)..] : s[(newline + 1)..next];
        return line.Trim().Length == 0;
    }

    [GeneratedRegex(TokenPrefix + "([0-9]+)" + TokenSuffix)]
    private static partial Regex AnyToken();

    [GeneratedRegex(" id=\"[^\"]*\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    [GeneratedRegex("<p>" + TokenPrefix + "([0-9]+)" + TokenSuffix + "</p>")]
    private static partial Regex ParagraphToken();
}
