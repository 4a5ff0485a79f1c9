using Ddim.Teaching.Plotting;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class Lemma1NotebookTests
{
    [Fact]
    public void Lemma1_check_finds_the_closed_form_marginals_for_a_random_and_a_zero_sigma_profile()
    {
        var s = NoiseSchedule.Linear();
        var rng = new Random(3);
        var profiles = new Dictionary<string, double[]>
        {
            ["random"] = Enumerable.Range(0, s.T).Select(t => t == 0 ? 0 : rng.NextDouble() * Math.Sqrt(1 - s.AlphaBar(t - 1))).ToArray(),
            ["zero"] = new double[s.T],
        };
        var check = Lemma1Check.Run(s, [-1.0, 1.5], profiles, 2_000, [999, 99, 0], shown: 1, new Generator(4));
        Assert.Equal(6, check.Rows.Count);
        Assert.Equal(2, check.Traces.Count);
        Assert.True(check.WorstZ < 5, $"largest |z| {check.WorstZ}");
        var last = check.Rows.First(r => r.PaperT == 1);
        Assert.Equal(Math.Sqrt(s.AlphaBar(0)) * 1.5, last.ExpectedMean, 12);
        Assert.Equal(1 - s.AlphaBar(0), last.ExpectedVariance, 12);
        Assert.Contains("x_0 = 1.5", check.Table().Caption);
    }

    [Fact]
    public void Regression_recovers_known_coefficients_within_their_standard_errors()
    {
        var g = new Generator(9);
        var x1 = randn(5000, dtype: float64, generator: g);
        var x2 = randn(5000, dtype: float64, generator: g);
        var y = 0.5 + 2 * x1 + 0.1 * randn(5000, dtype: float64, generator: g);
        var fit = LinearRegression.Fit(stack([ones(5000, dtype: float64), x1, x2], 1), y);
        Assert.True(Math.Abs(fit.Z(1, 2)) < 5 && Math.Abs(fit.Z(0, 0.5)) < 5, $"coefficients {string.Join(", ", fit.Coefficients)}");
        Assert.True(Math.Abs(fit.Z(2)) < 5);                                  // x2 does not enter y
        Assert.InRange(fit.StandardErrors[1], 0.0005, 0.003);                 // 0.1 / sqrt(5000) = 0.0014
        Assert.Throws<ArgumentException>(() => LinearRegression.Fit(ones(3, 3), ones(3)));
    }
}
