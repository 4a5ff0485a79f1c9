using Ddim.Teaching.Experiments;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Tests;

public class PosteriorNotebookTests
{
    [Fact]
    public void Trapezoid_rule_integrates_a_normal_density_to_one_and_a_line_exactly()
    {
        Assert.Equal(1, Trapezoid.Integrate(x => Math.Exp(Normal.LogDensity(x, 0.3, 0.04)), 0.3 - 2.4, 0.3 + 2.4, 20_000), 1e-9);
        Assert.Equal(4, Trapezoid.Integrate(x => 2 * x, 0, 2, 3), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Trapezoid.Integrate(x => x, 0, 1, 0));
    }

    [Fact]
    public void Regression_on_simulated_chains_recovers_the_posterior_coefficients_and_variance()
    {
        var s = NoiseSchedule.Linear();
        TorchSharp.torch.manual_seed(21);
        var rows = PosteriorRegression.Run(s, [1, 99, 999], 20_000);
        Assert.Equal([2, 100, 1000], rows.Select(r => r.PaperT));
        Assert.All(rows, r => Assert.True(r.WorstZ < 5, $"t {r.PaperT}: largest |z| {r.WorstZ}"));
        Assert.Contains("20000 simulated", rows.Table().Caption);
        Assert.Throws<ArgumentOutOfRangeException>(() => PosteriorRegression.Run(s, [0], 100));
    }

    [Fact]
    public void Regression_check_sees_a_posterior_from_another_schedule_as_a_large_z()
    {
        var simulated = NoiseSchedule.Create(ScheduleKind.Cosine);
        TorchSharp.torch.manual_seed(21);
        var row = PosteriorRegression.Run(simulated, [99], 20_000).Single();
        var linear = Ddim.Teaching.Posteriors.DdpmPosterior.Coefficients(NoiseSchedule.Linear(), 99);
        var againstLinear = row with { Posterior = linear };
        Assert.True(row.WorstZ < 5, $"against its own schedule: largest |z| {row.WorstZ}");
        Assert.True(againstLinear.WorstZ > 5, $"against the linear schedule's posterior: largest |z| {againstLinear.WorstZ}");
    }

    [Fact]
    public void Bayes_frames_hold_three_normalised_densities_per_step()
    {
        var frames = PosteriorPlots.BayesFrames(NoiseSchedule.Linear(), [1, 99, 999], x0: 1, eps: -1);
        Assert.Equal(["t=2", "t=100", "t=1000"], frames.Select(f => f.Label));
        foreach (var series in frames.SelectMany(f => f.Series))
        {
            double area = Enumerable.Range(1, series.X.Count - 1).Sum(k => (series.X[k] - series.X[k - 1]) * (series.Y[k] + series.Y[k - 1]) / 2);
            Assert.InRange(area, 0.99, 1.01);
        }
    }
}
