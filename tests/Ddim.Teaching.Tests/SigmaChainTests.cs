using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Schedules;
using TorchSharp;

namespace Ddim.Teaching.Tests;

public class SigmaChainTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Linear();

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Backward_chain_of_Eq_7_keeps_the_Lemma_1_marginals_for_zero_and_maximal_sigma(double share)
    {
        var sigmas = Enumerable.Range(0, Linear.T).Select(t => t == 0 ? 0 : share * Math.Sqrt(1 - Linear.AlphaBar(t - 1))).ToArray();
        double[] x0 = [-1.0, 1.5];
        var run = SigmaChain.Simulate(Linear, x0, sigmas, 4000, [999, 499, 0], traceCoordinate: 1, generator: new torch.Generator(5));
        Assert.Equal([999, 499, 0], run.Moments.Select(m => m.T).ToArray());
        foreach (var m in run.Moments)
        {
            var (meanZ, varZ) = m.Z(Linear, x0, 4000);
            Assert.True(meanZ.Concat(varZ).All(z => Math.Abs(z) < 5), $"t = {m.T}: z {string.Join(", ", meanZ.Concat(varZ))}");
        }
        Assert.Equal(101, run.TraceSteps.Length);   // t = 1000, 990, ..., 10 and t = 1
        Assert.Equal(1000, run.TraceSteps[0]);
        Assert.Equal(1, run.TraceSteps[^1]);
    }

    [Fact]
    public void Z_scores_flag_moments_that_miss_the_marginal()
    {
        // At t = 0 the marginal is N(sqrt(a_0) x_0, 1 - a_0); a mean off by 10 standard errors gives z = 10.
        double a = Linear.AlphaBar(0), v = 1 - a;
        int n = 100;
        var m = new ChainMoments(0, [Math.Sqrt(a) * 2.0 + 10 * Math.Sqrt(v / n)], [v]);
        var (meanZ, varZ) = m.Z(Linear, [2.0], n);
        Assert.Equal(10, meanZ[0], 9);
        Assert.Equal(0, varZ[0], 9);
    }

    [Fact]
    public void Simulate_refuses_a_sigma_list_of_the_wrong_length_naming_T()
    {
        var ex = Assert.Throws<ArgumentException>(() => SigmaChain.Simulate(Linear, [0.0], new double[10], 10, [0]));
        Assert.Contains("T = 1000", ex.Message);
    }
}
