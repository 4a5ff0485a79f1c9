using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Sampling;

namespace Ddim.Teaching.Tests.Metrics;

public sealed class SweepTableTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sweep-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static SweepRow Measured(int steps, string eta, double fid) =>
        new("fashion-mnist", steps, SamplerNoise.Parse(eta), "uniform", 1000, fid, fid / 100, 0.001, 12.5, steps * 1000L, "classifier-128");

    private static SweepRow Exact(int steps, string eta, double fd) =>
        new("gaussian-exact", steps, SamplerNoise.Parse(eta), "uniform", 0, fd, null, null, 0.001, steps, "exact");

    [Fact]
    public void Measured_and_exact_rows_round_trip_through_one_CSV_format()
    {
        string path = Path.Combine(directory, "t.csv");
        var rows = new[] { Measured(10, "0", 31.25), Measured(10, "hat", 300.1), Exact(20, "0.2", 1e-7) };
        SweepTable.Write(path, rows);
        Assert.Equal(rows, SweepTable.Read(path));
        Assert.StartsWith(SweepTable.Header + "\n", File.ReadAllText(path));
    }

    [Fact]
    public void Appended_rows_survive_and_a_torn_last_line_is_dropped_for_recomputation()
    {
        string path = Path.Combine(directory, "resume.csv");
        SweepTable.Append(path, Measured(10, "0", 1));
        SweepTable.Append(path, Measured(20, "0", 2));
        File.AppendAllText(path, "fashion-mnist,50,0,unif");
        Assert.Equal([10, 20], SweepTable.Read(path).Select(r => r.Steps));
    }

    [Fact]
    public void Malformed_lines_and_bad_eta_are_reported_with_file_and_line()
    {
        string path = Path.Combine(directory, "bad.csv");
        File.WriteAllText(path, SweepTable.Header + "\nfashion-mnist,10,0,uniform,5\n");
        Assert.Contains("line 2: 5 fields", Assert.Throws<ArgumentException>(() => SweepTable.Read(path)).Message);
        File.WriteAllText(path, SweepTable.Header + "\nfashion-mnist,10,much,uniform,5,1,,,1,10,f\n");
        Assert.Contains("line 2: eta 'much'", Assert.Throws<ArgumentException>(() => SweepTable.Read(path)).Message);
    }

    [Fact]
    public void Sweep_page_is_offline_with_plotly_embedded_once_and_both_charts()
    {
        var rows = new[] { Measured(10, "0", 30), Measured(100, "0", 10), Measured(10, "1", 60), Measured(100, "1", 12), Exact(10, "0", 3), Exact(100, "0", 1) };
        string path = Path.Combine(directory, "sweep.html");
        SweepPlots.SaveHtml(path, [SweepPlots.FidVersusSteps(rows), SweepPlots.SecondsVersusSteps(rows)]);
        string html = File.ReadAllText(path);
        Assert.DoesNotContain("<script src=", html);
        // The plotly.js bundle carries its own version banner once; a second copy would double the page (~3.6 MB).
        Assert.Equal(1, CountOf(html, "plotly.js v"));
        Assert.Equal(2, CountOf(html, "<div id=\""));
        Assert.Contains("η = 0 (DDIM), exact Gaussian world", html); // legends name the sampler as the prose does
        Assert.Contains("\"type\":\"log\"", html);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
