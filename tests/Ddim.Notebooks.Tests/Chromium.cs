using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ddim.Notebooks.Tests;

/// <summary>Debian's headless Chromium (installed by environment/setup.sh), network off, as a reader of the offline pages.</summary>
internal static partial class Chromium
{
    /// <summary>Loads the page and returns the DOM after its scripts ran.</summary>
    public static string DumpDom(string htmlPath)
    {
        string chromium = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
            : throw new InvalidOperationException("Chromium not found at /usr/bin/chromium: run environment/setup.sh (it installs Debian's chromium).");
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--proxy-server=127.0.0.1:9", "--user-data-dir=" + Repo.TempDir(), "--virtual-time-budget=15000",
                     "--window-size=1280,900",
                     "--dump-dom", new Uri(htmlPath).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var dom = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); throw new TimeoutException("chromium --dump-dom timed out"); }
        return dom.Result;
    }

    /// <summary>
    /// What a reader sees on a page: equations typeset, KaTeX errors, TeX still visible as text (with context), and the code
    /// and text blocks wider than their box (cell label and first line), which would clip or scroll out of view.
    /// </summary>
    public sealed record PageAudit(int Typeset, int Errors, IReadOnlyList<string> RawTex, IReadOnlyList<string> Overflowing);

    /// <summary>
    /// Opens a copy of the page (beside it, so its relative assets load) at a laptop's width with a script that runs after
    /// KaTeX: it counts typeset equations and errors, looks for TeX in the text outside equations, code and outputs, and
    /// measures every code and text block (scrollWidth beyond clientWidth means a line does not wrap).
    /// </summary>
    public static PageAudit AuditPage(string htmlPath)
    {
        string copy = Path.Combine(Path.GetDirectoryName(htmlPath)!, Path.GetFileNameWithoutExtension(htmlPath) + ".audit.html");
        string page = File.ReadAllText(htmlPath);
        int end = page.LastIndexOf("</body>", StringComparison.Ordinal);
        File.WriteAllText(copy, page.Insert(end, AuditScript));
        string dom = DumpDom(copy);
        var m = AuditResult().Match(dom);
        Assert.True(m.Success, $"the audit script did not run on {htmlPath} (a script error earlier on the page?)");
        var raw = JsonSerializer.Deserialize<string[]>(System.Net.WebUtility.HtmlDecode(m.Groups[3].Value))!;
        var wide = JsonSerializer.Deserialize<string[]>(System.Net.WebUtility.HtmlDecode(m.Groups[4].Value))!;
        return new PageAudit(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), raw, wide);
    }

    private const string AuditScript = """
        <script>
        (function () {
          var typeset = document.querySelectorAll('.katex').length, errors = document.querySelectorAll('.katex-error').length;
          var clone = document.body.cloneNode(true);
          clone.querySelectorAll('.katex, pre, code, script, style, .output-html').forEach(function (e) { e.remove(); });
          var text = clone.textContent, raw = [], re = /\\[A-Za-z]+|\$|\^\{|_\{/g, m;
          while ((m = re.exec(text)) !== null && raw.length < 20)
            raw.push(text.substring(Math.max(0, m.index - 30), m.index + 30).replace(/\s+/g, ' '));
          var wide = [];
          document.querySelectorAll('pre.source, pre.output-text').forEach(function (e) {
            if (e.scrollWidth > e.clientWidth + 1) {
              var label = e.parentElement.querySelector('.label');
              wide.push((label ? label.textContent : '') + ' ' + e.textContent.split('\n')[0].substring(0, 60)
                + ' (' + e.scrollWidth + ' px in ' + e.clientWidth + ' px)');
            }
          });
          var out = document.createElement('pre');
          out.id = 'page-audit';
          out.textContent = typeset + '|' + errors + '|' + JSON.stringify(raw) + '|' + JSON.stringify(wide);
          document.body.appendChild(out);
        })();
        </script>
        """;

    [GeneratedRegex(@"<pre id=""page-audit"">(\d+)\|(\d+)\|(\[.*?\])\|(\[.*?\])</pre>", RegexOptions.Singleline)]
    private static partial Regex AuditResult();
}
