using Ddim.Teaching.Tests;
using System.Globalization;
using System.Text.Json;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Cli.Tests;

public class CliTests
{
    [Fact]
    public void Exact_fd_prints_one_CSV_row_per_steps_and_eta()
    {
        var (code, output, error) = CliRunner.Run("exact-fd", "--mean", "0", "--std", "0.1", "--dim", "10", "--steps", "10,20,50,100,1000", "--eta", "0,0.2,0.5,1,hat", "--csv");
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("steps,eta,fd", lines[0]);
        Assert.Equal(26, lines.Length);
        Assert.Contains("25 rows computed in", error);
        var data = DiagonalGaussian.Isotropic(0, 0.1, 10);
        var fields = lines.Single(l => l.StartsWith("50,hat,", StringComparison.Ordinal)).Split(',');
        double expected = ExactPropagation.FrechetDistance(NoiseSchedule.Linear(), data, TimestepSequence.Uniform(1000, 50), SamplerNoise.SigmaHat);
        Assert.Equal(expected, double.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Exact_fd_reports_sequences_whose_length_differs_from_S()
    {
        var (code, output, _) = CliRunner.Run("exact-fd", "--mean", "0", "--std", "1", "--steps", "3", "--eta", "0");
        Assert.Equal(0, code);
        Assert.Contains("note: S = 3 runs 4 steps with uniform spacing", output);
    }

    [Fact]
    public void Sample_prints_moments_that_match_the_exact_propagation_and_saves_the_samples()
    {
        // n = 20000 samples in 2 dimensions; 5 standard errors (see Stats).
        string file = Path.Combine(Path.GetTempPath(), $"ddim-samples-{Guid.NewGuid():N}.csv");
        try
        {
            var (code, output, error) = CliRunner.Run("sample", "--model", "gaussian", "--mean", "0.5", "--std", "0.3", "--dim", "2", "--n", "20000",
                "--steps", "20", "--eta", "0.5", "--seed", "7", "--stats", "--out", file);
            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            Assert.Equal(20, root.GetProperty("model_calls").GetInt32());
            for (int d = 0; d < 2; d++)
            {
                Stats.AssertGaussianMoments(root.GetProperty("exact_mean")[d].GetDouble(), root.GetProperty("exact_variance")[d].GetDouble(),
                    root.GetProperty("mean")[d].GetDouble(), root.GetProperty("variance")[d].GetDouble(), 20000, 5, $"d = {d}");
            }
            var rows = File.ReadAllLines(file);
            Assert.Equal(20000, rows.Length);
            Assert.Equal(2, rows[0].Split(',').Length);
            // Same seed, same samples.
            var again = CliRunner.Run("sample", "--mean", "0.5", "--std", "0.3", "--dim", "2", "--n", "20000", "--steps", "20", "--eta", "0.5", "--seed", "7", "--stats");
            Assert.Equal(output, again.Out);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("--steps: S (steps) is 0; it must be at least 1", "exact-fd", "--mean", "0", "--std", "1", "--steps", "0")]
    [InlineData("--steps: S (steps) is 1001; it cannot exceed T = 1000", "exact-fd", "--mean", "0", "--std", "1", "--steps", "10,1001")]
    [InlineData("--steps: S (steps) is 200; it cannot exceed T = 100", "exact-fd", "--mean", "0", "--std", "1", "--T", "100", "--steps", "200")]
    [InlineData("--eta: eta is -0.5; it must be a finite number >= 0", "exact-fd", "--mean", "0", "--std", "1", "--eta", "0,-0.5")]
    [InlineData("--std: std is 0; it must be a finite number > 0", "exact-fd", "--mean", "0", "--std", "0")]
    [InlineData("--std: std is -1; it must be a finite number > 0", "exact-fd", "--mean", "0", "--std", "-1")]
    [InlineData("--schedule: Unknown schedule 'cubic'", "exact-fd", "--mean", "0", "--std", "1", "--schedule", "cubic")]
    [InlineData("--skip: Unknown skip 'random'", "exact-fd", "--mean", "0", "--std", "1", "--skip", "random")]
    [InlineData("--dim: dim is 0; it must be at least 1", "exact-fd", "--mean", "0", "--std", "1", "--dim", "0")]
    [InlineData("--duplicates: quad(S=1000) over T = 1000 repeats", "exact-fd", "--mean", "0", "--std", "1", "--skip", "quad", "--steps", "1000", "--duplicates", "refuse")]
    [InlineData("--steps: S (steps) is 0; it must be at least 1", "sample", "--steps", "0")]
    [InlineData("--steps: S (steps) is 5000; it cannot exceed T = 1000", "sample", "--steps", "5000")]
    [InlineData("--eta: eta is -1; it must be a finite number >= 0", "sample", "--eta", "-1")]
    [InlineData("--std: std is 0; it must be a finite number > 0", "sample", "--std", "0")]
    [InlineData("--schedule: Unknown schedule 'nope'", "sample", "--schedule", "nope")]
    [InlineData("--model: unknown model 'unet'", "sample", "--model", "unet")]
    [InlineData("--n: n is 0; it must be at least 1", "sample", "--n", "0")]
    [InlineData("--eta: eta = 40 is not admissible at t = 900", "sample", "--eta", "40", "--steps", "10", "--n", "2")]
    [InlineData("--eta: eta = 40 is not admissible at t = 900", "exact-fd", "--mean", "0", "--std", "1", "--steps", "10", "--eta", "40")]
    public void Bad_arguments_end_with_a_message_naming_the_argument_and_a_nonzero_exit(string message, params string[] args)
    {
        var (code, _, error) = CliRunner.Run(args);
        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Missing_required_options_are_reported_by_the_parser()
    {
        var (code, _, error) = CliRunner.Run("exact-fd", "--std", "1");
        Assert.NotEqual(0, code);
        Assert.Contains("--mean", error);
    }

    [Fact]
    public void Bench_sampler_prints_a_ratio_row_per_steps_and_eta()
    {
        var (code, output, error) = CliRunner.Run("bench", "sampler", "--batch", "2", "--steps", "2,4", "--eta", "0", "--repeats", "1", "--channels", "4");
        Assert.True(code == 0, error);
        Assert.Contains("ratio", output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int split = Array.FindIndex(lines, l => l.StartsWith("sampler arithmetic alone", StringComparison.Ordinal));
        var rows = lines[2..split];
        Assert.Equal(2, rows.Length);
        Assert.Equal(2, lines.Length - split - 2);
        Assert.EndsWith(" 2", rows[0].TrimEnd());
        Assert.EndsWith(" 4", rows[1].TrimEnd());
    }

    [Fact]
    public void Bench_pytorch_names_the_interpreter_when_it_cannot_run_torch()
    {
        var (code, _, error) = CliRunner.Run("bench", "pytorch", "--python", "/nonexistent/python3", "--rounds", "1");
        Assert.Equal(2, code);
        Assert.Contains("--python", error);
        Assert.Contains("/nonexistent/python3", error);
    }

    [Fact]
    public void Bench_pytorch_refuses_zero_rounds()
    {
        var (code, _, error) = CliRunner.Run("bench", "pytorch", "--rounds", "0");
        Assert.Equal(2, code);
        Assert.Contains("--rounds", error);
    }

    [Fact]
    public void The_pytorch_benchmark_script_ships_with_the_command_line()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Bench", "pytorch_unet.py")));
    }
}
