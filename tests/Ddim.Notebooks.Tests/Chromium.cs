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
                     "--dump-dom", new Uri(htmlPath).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var dom = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); throw new TimeoutException("chromium --dump-dom timed out"); }
        return dom.Result;
    }

    /// <summary>What KaTeX left on a page: equations typeset, KaTeX errors, and TeX still visible as text (with context).</summary>
    public sealed record MathAudit(int Typeset, int Errors, IReadOnlyList<string> RawTex);

    /// <summary>
    /// Opens a copy of the page (beside it, so its relative assets load) with a script that runs after KaTeX: it counts
    /// typeset equations and errors and looks for TeX in the text outside equations, code and outputs.
    /// </summary>
    public static MathAudit AuditMath(string htmlPath)
    {
        string copy = Path.Combine(Path.GetDirectoryName(htmlPath)!, Path.GetFileNameWithoutExtension(htmlPath) + ".audit.html");
        string page = File.ReadAllText(htmlPath);
        int end = page.LastIndexOf("</body>", StringComparison.Ordinal);
        File.WriteAllText(copy, page.Insert(end, AuditScript));
        string dom = DumpDom(copy);
        var m = AuditResult().Match(dom);
        Assert.True(m.Success, $"the audit script did not run on {htmlPath} (a script error earlier on the page?)");
        var raw = JsonSerializer.Deserialize<string[]>(System.Net.WebUtility.HtmlDecode(m.Groups[3].Value))!;
        return new MathAudit(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), raw);
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
          var out = document.createElement('pre');
          out.id = 'math-audit';
          out.textContent = typeset + '|' + errors + '|' + JSON.stringify(raw);
          document.body.appendChild(out);
        })();
        </script>
        """;

    [GeneratedRegex(@"<pre id=""math-audit"">(\d+)\|(\d+)\|(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex AuditResult();
}
