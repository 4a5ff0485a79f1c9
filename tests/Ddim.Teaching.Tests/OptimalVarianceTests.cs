using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class OptimalVarianceTests(ITestOutputHelper output)
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Linear();
    private static readonly DiagonalGaussian Data = new([0.5, -1.0, 0.0], [0.09, 0.25, 0.01]);

    [Theory]
    [InlineData(10)]
    [InlineData(50)]
    public void The_optimal_variance_removes_the_under_dispersion_of_the_plug_in_samplers(int steps)
    {
        var sequence = TimestepSequence.Uniform(1000, steps);
        foreach (double eta in new[] { 0.0, 1.0 })
        {
            double plugIn = OptimalVariancePropagation.VarianceRatio(ExactPropagation.Propagate(Linear, Data, sequence, SamplerNoise.FromEta(eta)), Data);
            double optimal = OptimalVariancePropagation.VarianceRatio(OptimalVariancePropagation.Propagate(Linear, Data, sequence, eta), Data);
            output.WriteLine($"S = {steps}, eta = {eta}: variance ratio plug-in {plugIn:F4}, optimal {optimal:F6}");
            Assert.True(plugIn < 0.97, $"plug-in ratio {plugIn}");
            Assert.InRange(optimal, 0.999, 1.001);
        }
    }

    [Fact]
    public void The_tensor_sampler_matches_its_exact_propagation()
    {
        var model = new GaussianNoisePredictor(Linear, Data);
        var variance = (int t) => tensor(Data.Variance.Select(v => OptimalVariancePropagation.PosteriorX0Variance(Linear.AlphaBar(t), v)).ToArray(), dtype: float64);
        var sequence = TimestepSequence.Uniform(1000, 10);
        var sampler = new AnalyticDpmSampler(Linear, variance);
        var generator = new Generator(9);
        int n = 40000;
        var x = sampler.Sample(model, randn(new long[] { n, 3 }, dtype: float64, generator: generator), sequence, 1.0, generator);
        var exact = OptimalVariancePropagation.Propagate(Linear, Data, sequence, 1.0);
        var mean = x.mean([0L]).data<double>().ToArray();
        var var = x.var(0).data<double>().ToArray();
        for (int d = 0; d < 3; d++)
        {
            double v = exact.Variance[d];
            Assert.True(Math.Abs(mean[d] - exact.Mean[d]) < 5 * Math.Sqrt(v / n), $"mean {d}: {mean[d]} vs {exact.Mean[d]}");
            Assert.True(Math.Abs(var[d] - v) < 5 * v * Math.Sqrt(2.0 / n), $"variance {d}: {var[d]} vs {v}");
        }
        Assert.Equal(sequence.Length, sampler.ModelCalls);
    }

    [Fact]
    public void Baos_estimate_from_the_exact_eps_recovers_the_exact_posterior_variance()
    {
        var model = new GaussianNoisePredictor(Linear, 0.3, 0.5, 1);
        var x0 = 0.3 + 0.5 * randn(new long[] { 200000, 1 }, dtype: float64, generator: new Generator(1));
        foreach (int t in new[] { 100, 300, 500 })
        {
            double estimate = AnalyticDpmSampler.EstimateX0Variance(model, Linear, x0, t, new Generator(2));
            double a = Linear.AlphaBar(t), exact = OptimalVariancePropagation.PosteriorX0Variance(a, 0.25);
            // eps* is Gaussian with variance m = E eps*^2, so the mean of n squares has se m sqrt(2/n), times (1 - a)/a.
            double m = (1 - a) / (a * 0.25 + 1 - a), se = (1 - a) / a * m * Math.Sqrt(2.0 / x0.shape[0]);
            output.WriteLine($"t = {t}: estimate {estimate:F5}, exact {exact:F5}, Monte Carlo se {se:F5}");
            Assert.True(Math.Abs(estimate - exact) < 4 * se, $"t = {t}: {estimate} vs {exact} (se {se})");
        }
    }
}
