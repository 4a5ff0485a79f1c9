using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ddim.Notebooks.Tests;

/// <summary>The second way to run the course: Jupyter with the .NET kernel installed by environment/setup.sh.</summary>
public class JupyterTests
{
    [Fact]
    public async Task Setup_notebook_runs_in_jupyter_with_the_dotnet_kernel_and_draws_its_chart()
    {
        string output = Path.Combine(Repo.TempDir(), "00-setup.ipynb");
        var psi = new ProcessStartInfo("jupyter") { WorkingDirectory = Repo.Notebooks, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output", output, "00-setup.ipynb" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("jupyter not found: run environment/setup.sh");
        var err = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await p.WaitForExitAsync(limit.Token);
        Assert.True(p.ExitCode == 0, "jupyter nbconvert failed:\n" + await err);

        var outputs = JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!.ToJsonString()).ToList();
        Assert.DoesNotContain(outputs, o => o.Contains("\"output_type\":\"error\""));
        Assert.Contains(outputs, o => o.Contains("Plotly.newPlot")); // FSharp.Core 10.1 in the tool: charts load
        Assert.Contains(outputs, o => o.Contains("renderForeignPlotly_") && o.Contains("drawn by XPlot.Plotly")); // XPlot.Plotly 4.1.0 too
        Assert.Contains(outputs, o => o.Contains("ok  sum of X X^T equals 83"));
    }
}
