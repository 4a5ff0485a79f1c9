using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Tests;

public class SamplerDispersionTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Linear();
    private static readonly TimestepSequence Uniform10 = TimestepSequence.Uniform(1000, 10);
    private static readonly SamplerNoise[] Etas = new[] { 0.0, 0.2, 0.5, 1.0 }.Select(SamplerNoise.FromEta).ToArray();

    [Fact]
    public void Sigma_hat_exceeds_the_q_sigma_bound_at_large_skips_while_no_eta_sampler_does()
    {
        // Uniform S = 10: the last noisy step 100 -> 0 has sigma-hat^2 = 1 - a_100/a_0 ~ 0.105 against 1 - a_0 = 1e-4.
        var hat = SamplerDispersion.NoiseBudget(Linear, Uniform10, SamplerNoise.SigmaHat);
        var last = hat.Single(b => b.TPrev == 0);
        Assert.Equal(1 - Linear.AlphaBar(100) / Linear.AlphaBar(0), last.NoiseVariance, 12);
        Assert.Equal(1e-4, last.Bound, 12);
        Assert.True(last.Excess > 1000 * last.Bound, $"excess {last.Excess} against bound {last.Bound}");
        Assert.Equal(0.0, hat.Single(b => b.TPrev == -1).NoiseVariance);
        foreach (var eta in Etas)
            Assert.All(SamplerDispersion.NoiseBudget(Linear, Uniform10, eta), b => Assert.True(b.Excess < 1e-12, $"eta = {eta}: {b}"));
    }

    [Fact]
    public void Every_eta_sampler_under_disperses_at_small_S_the_more_the_larger_eta_and_the_gap_closes_as_S_grows()
    {
        // Eq. (12) plugs in the posterior mean of x_0 and drops Var[x_0 | x_t]: output variance below the data's.
        var data = DiagonalGaussian.Isotropic(0.2, 0.5, 10);
        var ratios = Etas.Select(e => SamplerDispersion.VarianceRatio(Linear, data, Uniform10, e)).ToArray();
        Assert.True(ratios[0] < 0.9, $"eta = 0 ratio {ratios[0]}");
        for (int i = 1; i < ratios.Length; i++)
            Assert.True(ratios[i] < ratios[i - 1], $"ratio does not fall from eta = {Etas[i - 1]} to {Etas[i]}: {string.Join(", ", ratios)}");
        var many = TimestepSequence.Uniform(1000, 1000);
        foreach (var eta in Etas)
            Assert.InRange(SamplerDispersion.VarianceRatio(Linear, data, many, eta), 0.98, 1.0);
        Assert.True(SamplerDispersion.VarianceRatio(Linear, data, Uniform10, SamplerNoise.SigmaHat) > 1, "sigma-hat over-disperses at S = 10");
    }

    [Fact]
    public void Removing_sigma_hats_excess_noise_in_its_last_noisy_step_cuts_its_exact_FD_over_tenfold_and_leaves_eta_samplers_unchanged()
    {
        // The final step (a_0 ~ 0.9999 -> 1) is nearly the identity, so the noise added on the way to t = 0 stays in the output.
        var data = DiagonalGaussian.Isotropic(0.2, 0.6, 10);
        double fd = ExactPropagation.FrechetDistance(Linear, data, Uniform10, SamplerNoise.SigmaHat);
        double capped = SamplerDispersion.PropagateWithoutExcessNoise(Linear, data, Uniform10, SamplerNoise.SigmaHat, c => c.TPrev == 0).FrechetDistance(data);
        Assert.True(capped < fd / 10, $"FD {fd} with, {capped} without the last noisy step's excess noise");
        foreach (var eta in Etas)
        {
            var plain = ExactPropagation.Propagate(Linear, data, Uniform10, eta);
            var none = SamplerDispersion.PropagateWithoutExcessNoise(Linear, data, Uniform10, eta);
            Assert.Equal(plain.Mean.Concat(plain.Variance), none.Mean.Concat(none.Variance));
        }
    }

    [Fact]
    public void Sigma_hats_extra_noise_makes_it_worst_for_narrow_data_and_best_for_wide_data_at_S_10()
    {
        var noises = Etas.Append(SamplerNoise.SigmaHat).ToArray();
        var rows = SamplerDispersion.DataScaleSweep(Linear, new[] { 0.1, 0.6 }, 10, Uniform10, noises);
        double Fd(double std, SamplerNoise n) => rows.Single(r => r.DataStd == std && r.Noise == n).Fd;
        Assert.All(Etas, e => Assert.True(Fd(0.1, SamplerNoise.SigmaHat) > Fd(0.1, e), $"std 0.1: sigma-hat not worse than eta = {e}"));
        Assert.All(Etas, e => Assert.True(Fd(0.6, SamplerNoise.SigmaHat) < Fd(0.6, e), $"std 0.6: sigma-hat not better than eta = {e}"));
        Assert.Equal(2 * noises.Length, rows.Count);
    }

    [Theory]
    [InlineData(500, 400, 0.36)]
    [InlineData(900, 0, 0.01)]
    [InlineData(100, -1, 0.5)]
    public void One_step_from_the_true_marginal_loses_exactly_lambda_squared_times_the_posterior_variance(int t, int tPrev, double s2)
    {
        // x_t ~ q(x_t) = N(0, a_t s^2 + 1 - a_t); Lemma 1 says the q_sigma kernel lands on q(x_prev), so the deficit of the
        // plug-in step's output variance against a_prev s^2 + 1 - a_prev is what Eq. (12) drops.
        double a = Linear.AlphaBar(t), aPrev = Linear.AlphaBar(tPrev), vt = a * s2 + 1 - a;
        double previousDropped = -1;
        foreach (var eta in Etas)
        {
            var c = DdimCoefficients.For(Linear, t, tPrev, eta);
            var map = ExactPropagation.StepMap(c, 0, s2);
            double deficit = aPrev * s2 + 1 - aPrev - (map.Scale * map.Scale * vt + map.NoiseStd * map.NoiseStd);
            double dropped = SamplerDispersion.DroppedVariance(c, s2);
            Assert.Equal(deficit, dropped, 12);
            Assert.True(dropped > 0, $"eta = {eta}: dropped {dropped}");
            Assert.True(dropped >= previousDropped - 1e-15, $"eta = {eta} drops less than the smaller eta");
            previousDropped = dropped;
        }
    }

    [Fact]
    public void Variance_ratio_refuses_mismatched_dimensions_and_names_both()
    {
        var e = Assert.Throws<ArgumentException>(() => SamplerDispersion.VarianceRatio(DiagonalGaussian.StandardNormal(2), DiagonalGaussian.StandardNormal(3)));
        Assert.Contains("output 2, data 3", e.Message);
    }
}
