using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class PosteriorTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Linear();

    [Fact]
    public void Forward_marginal_matches_simulating_the_Markov_chain_t_steps()
    {
        // 20k chains from a fixed x_0 vector, run step by step with q(x_t | x_{t-1}); at several t the sample mean and
        // variance must match q(x_t | x_0) = N(sqrt(a_t) x_0, 1 - a_t) within 5 standard errors (a 5-SE miss has
        // probability ~6e-7 per check).
        const int n = 20_000;
        var checkpoints = new[] { 0, 9, 99, 199 };
        using var g = new Generator(1234);
        var x0 = tensor(new[] { -1.0, 0.0, 0.7, 2.0 }, dtype: float64);
        var x = x0.expand(n, 4).clone();
        for (int t = 0; t <= checkpoints[^1]; t++)
        {
            var z = randn(x.shape, dtype: float64, generator: g);
            var next = Forward.SampleStep(Linear, x, t, z);
            x.Dispose();
            z.Dispose();
            x = next;
            if (!checkpoints.Contains(t))
                continue;
            var (mean, variance) = Stats.Moments(x);
            for (int d = 0; d < 4; d++)
            {
                double expectedMean = Forward.MarginalMeanCoefficient(Linear, t) * x0[d].item<double>();
                double expectedVar = Math.Pow(Forward.MarginalStd(Linear, t), 2);
                Stats.AssertGaussianMoments(expectedMean, expectedVar, mean[d], variance[d], n, 5, $"t = {t}, d = {d}");
            }
        }
    }

    [Fact]
    public void Marginal_sampling_with_a_timestep_per_sample_uses_each_samples_alpha_bar()
    {
        var x0 = tensor(new[] { 1.0, 2.0, 3.0 }, dtype: float64).reshape(3, 1);
        var eps = tensor(new[] { 0.5, -0.5, 0.25 }, dtype: float64).reshape(3, 1);
        var t = tensor(new long[] { 0, 500, 999 });
        var xt = Forward.SampleMarginal(Linear, x0, t, eps);
        long[] ts = { 0, 500, 999 };
        for (int i = 0; i < 3; i++)
        {
            var one = Forward.SampleMarginal(Linear, x0[i], (int)ts[i], eps[i]);
            Assert.Equal(one.item<double>(), xt[i, 0].item<double>(), 1e-15);
        }
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 9)]
    [InlineData(500, 499)]
    [InlineData(999, 998)]
    [InlineData(999, 899)]
    [InlineData(300, 0)]
    public void Ddpm_posterior_equals_the_product_of_Gaussians(int t, int s)
    {
        // Bayes: q(x_s | x_t, x_0) is proportional to q(x_t | x_s) q(x_s | x_0), with q(x_t | x_s) = N(sqrt(a_t/a_s) x_s, 1 - a_t/a_s)
        // (the Markov chain composed from s to t) and q(x_s | x_0) = N(sqrt(a_s) x_0, 1 - a_s). Multiplying the two
        // Gaussian densities in x_s: precision = r/(1 - r) + 1/(1 - a_s) with r = a_t/a_s, and
        // mean = variance (sqrt(r) x_t/(1 - r) + sqrt(a_s) x_0/(1 - a_s)).
        double at = Linear.AlphaBar(t), aS = Linear.AlphaBar(s), r = at / aS;
        double precision = r / (1 - r) + 1 / (1 - aS);
        double variance = 1 / precision;
        double xtCoefficient = variance * Math.Sqrt(r) / (1 - r);
        double x0Coefficient = variance * Math.Sqrt(aS) / (1 - aS);

        var posterior = DdpmPosterior.Coefficients(Linear, t, s);
        // Both sides are a handful of double operations on the same alpha-bars: 1e-10 relative allows for the
        // cancellation in 1 - r when r is near 1 (consecutive steps early in the schedule).
        Assert.Equal(variance, posterior.Variance, variance * 1e-10);
        Assert.Equal(xtCoefficient, posterior.XtCoefficient, Math.Abs(xtCoefficient) * 1e-10);
        Assert.Equal(x0Coefficient, posterior.X0Coefficient, Math.Abs(x0Coefficient) * 1e-10);
    }

    [Fact]
    public void Ddpm_posterior_at_the_first_step_returns_x0_exactly()
    {
        var p = DdpmPosterior.Coefficients(Linear, 0);
        // beta_0 / (1 - (1 - beta_0)): the subtraction loses ~12 digits of 1e-4, hence 1e-11.
        Assert.Equal(1.0, p.X0Coefficient, 1e-11);
        Assert.Equal(0.0, p.XtCoefficient);
        Assert.Equal(0.0, p.Variance);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(500)]
    public void Monte_Carlo_regression_of_x_prev_on_xt_and_x0_recovers_the_posterior(int t)
    {
        // Sample x_0 ~ N(0, 1), x_{t-1} ~ q(x_{t-1} | x_0), x_t ~ q(x_t | x_{t-1}); least squares of x_{t-1} on (x_0, x_t)
        // estimates the posterior mean coefficients, the residual variance estimates beta-tilde. n = 400k; tolerances are
        // 5 standard errors: coefficient SE = sqrt(residual variance * diag((X'X)^-1)), variance SE = v sqrt(2/n).
        const int n = 400_000;
        using var g = new Generator(42 + (ulong)t);
        var x0 = randn(n, dtype: float64, generator: g);
        var xPrev = Forward.SampleMarginal(Linear, x0, t - 1, randn(n, dtype: float64, generator: g));
        var xt = Forward.SampleStep(Linear, xPrev, t, randn(n, dtype: float64, generator: g));

        double s00 = x0.dot(x0).item<double>(), s01 = x0.dot(xt).item<double>(), s11 = xt.dot(xt).item<double>();
        double b0 = x0.dot(xPrev).item<double>(), b1 = xt.dot(xPrev).item<double>();
        double det = s00 * s11 - s01 * s01;
        double c0 = (s11 * b0 - s01 * b1) / det, c1 = (s00 * b1 - s01 * b0) / det;
        var residual = xPrev - c0 * x0 - c1 * xt;
        double residualVariance = residual.square().mean().item<double>();

        var posterior = DdpmPosterior.Coefficients(Linear, t);
        double se0 = Math.Sqrt(residualVariance * s11 / det), se1 = Math.Sqrt(residualVariance * s00 / det);
        Assert.True(Math.Abs(c0 - posterior.X0Coefficient) <= 5 * se0, $"x0 coefficient {c0} vs {posterior.X0Coefficient} (SE {se0})");
        Assert.True(Math.Abs(c1 - posterior.XtCoefficient) <= 5 * se1, $"x_t coefficient {c1} vs {posterior.XtCoefficient} (SE {se1})");
        double seVar = posterior.Variance * Math.Sqrt(2.0 / n);
        Assert.True(Math.Abs(residualVariance - posterior.Variance) <= 5 * seVar, $"variance {residualVariance} vs {posterior.Variance} (SE {seVar})");
    }

    [Fact]
    public void Eta_one_gives_exactly_the_DDPM_posterior()
    {
        // sigma_t(1)^2 is the DDPM posterior variance beta-tilde, and Eq. (7) with sigma_t(1) has the DDPM posterior mean,
        // for consecutive steps and for skipped pairs alike. Same alpha-bars, different algebra: 1e-10 relative.
        foreach (var (t, s) in new[] { (1, 0), (2, 1), (500, 499), (999, 998), (999, 899), (420, 17), (5, -1) })
        {
            double sigma = DdimCoefficients.SigmaFromEta(Linear.AlphaBar(t), Linear.AlphaBar(s), 1);
            var ddpm = DdpmPosterior.Coefficients(Linear, t, s);
            var family = SigmaPosterior.Coefficients(Linear, t, s, sigma);
            Assert.Equal(ddpm.Variance, sigma * sigma, ddpm.Variance * 1e-10 + 1e-300);
            Assert.Equal(ddpm.X0Coefficient, family.X0Coefficient, Math.Abs(ddpm.X0Coefficient) * 1e-10 + 1e-15);
            Assert.Equal(ddpm.XtCoefficient, family.XtCoefficient, Math.Abs(ddpm.XtCoefficient) * 1e-10 + 1e-15);
        }
    }

    [Theory]
    // sigma_t(eta) = eta sqrt((1 - a_prev)/(1 - a_t)) sqrt(1 - a_t/a_prev) with the default linear schedule's alpha-bars
    // computed in exact rational arithmetic (Python fractions) and the square root taken in 40-digit decimals:
    // t = 999, t_prev = 899: a_t = 4.0358297653756833e-5, a_prev = 2.7520591190339886e-4, eta = 1 -> 0.92366224539482464.
    [InlineData(999, 899, 1.0, 0.9236622453948246)]
    // t = 100, t_prev = 0: a_t = 0.8952...,a_prev = 0.9999 (first step), eta = 1.
    [InlineData(100, 0, 1.0, 0.009995730326829790)]
    [InlineData(500, 499, 0.5, 0.05012817515856126)]
    [InlineData(999, 949, 0.2, 0.1583173218767845)]
    public void Sigma_from_eta_has_the_pinned_values(int t, int tPrev, double eta, double expected)
    {
        double sigma = DdimCoefficients.SigmaFromEta(Linear.AlphaBar(t), Linear.AlphaBar(tPrev), eta);
        // Alpha-bar carries ~1e-13 relative error after up to 1000 products; 1 - a_t/a_prev amplifies it for close pairs.
        Assert.Equal(expected, sigma, expected * 1e-10);
    }

    [Fact]
    public void Sigma_posterior_refuses_inadmissible_sigma()
    {
        double bound = Math.Sqrt(1 - Linear.AlphaBar(99));
        var e = Assert.Throws<ArgumentException>(() => SigmaPosterior.Coefficients(Linear, 100, 99, bound * 1.01));
        Assert.Contains("1 - a_prev", e.Message);
        Assert.Equal("sigma", e.ParamName);
        Assert.Throws<ArgumentException>(() => SigmaPosterior.Coefficients(Linear, 100, 99, -0.1));
    }
}
