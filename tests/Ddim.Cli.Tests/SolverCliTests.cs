using System.Text.Json;

namespace Ddim.Cli.Tests;

public class SolverCliTests
{
    [Theory]
    [InlineData("heun", 19)]
    [InlineData("dpmpp2m", 10)]
    public void Sample_with_a_solver_matches_that_solvers_exact_propagation(string solver, int calls)
    {
        // n = 20000 in 1 dimension: the sample mean and variance within 5 standard errors of the exact ones.
        var (code, output, _) = CliRunner.Run("sample", "--mean", "0.5", "--std", "0.3", "--n", "20000", "--steps", "10", "--solver", solver, "--stats");
        Assert.Equal(0, code);
        var report = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(solver, report.GetProperty("solver").GetString());
        Assert.Equal(calls, report.GetProperty("model_calls").GetInt32());
        double mean = report.GetProperty("mean")[0].GetDouble(), exactMean = report.GetProperty("exact_mean")[0].GetDouble();
        double variance = report.GetProperty("variance")[0].GetDouble(), exactVariance = report.GetProperty("exact_variance")[0].GetDouble();
        Assert.True(Math.Abs(mean - exactMean) < 5 * Math.Sqrt(exactVariance / 20000), $"mean {mean} vs {exactMean}");
        Assert.True(Math.Abs(variance - exactVariance) < 5 * exactVariance * Math.Sqrt(2.0 / 20000), $"variance {variance} vs {exactVariance}");
    }

    [Theory]
    [InlineData("--solver: heun integrates the eta = 0 ODE", "sample", "--solver", "heun", "--eta", "1")]
    [InlineData("--solver: Unknown solver 'rk4'", "sample", "--solver", "rk4")]
    [InlineData("--solver: dpmpp2m is an eta = 0 ODE solver", "sweep", "--solver", "dpmpp2m", "--eta", "0.5")]
    public void Bad_solver_arguments_name_the_option(string message, params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
    }
}
