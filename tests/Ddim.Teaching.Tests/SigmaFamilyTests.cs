using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class SigmaFamilyTests
{
    [Fact]
    public void Normal_kl_matches_numerical_integration_of_the_log_ratio()
    {
        // Trapezoid rule on [-20, 20] with step 1e-3: the integrand is smooth and its tails are below 1e-40, so the
        // quadrature error is far under 1e-9.
        (double m1, double v1, double m2, double v2) = (0.3, 0.5, -0.4, 1.7);
        double h = 1e-3, sum = 0;
        for (double x = -20; x <= 20; x += h)
        {
            double lp = Normal.LogDensity(x, m1, v1);
            sum += Math.Exp(lp) * (lp - Normal.LogDensity(x, m2, v2)) * h;
        }
        Assert.Equal(sum, Normal.Kl(m1, v1, m2, v2), 1e-9);
        Assert.Equal(0.7 * 0.7 / (2 * 0.5), Normal.Kl(0.3, 0.5, -0.4, 0.5), 1e-15);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Sigma_forward_satisfies_bayes_rule_at_random_points(double eta)
    {
        // DDIM Eq. (8): log q_sigma(x_t | x_prev, x_0) = log q_sigma(x_prev | x_t, x_0) + log q(x_t | x_0) - log q(x_prev | x_0).
        // eta = 0 makes q_sigma(x_prev | x_t, x_0) a point mass, so Bayes' rule is checked at eta > 0 (eta = 0 is tested below).
        var s = NoiseSchedule.Linear();
        var random = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            int t = random.Next(1, s.T), tPrev = random.Next(0, t);
            double sigma = DdimCoefficients.SigmaFromEta(s.AlphaBar(t), s.AlphaBar(tPrev), eta);
            double x0 = 2 * random.NextDouble() - 1, xt = 3 * random.NextDouble() - 1.5, xPrev = 3 * random.NextDouble() - 1.5;
            var reverse = SigmaPosterior.Coefficients(s, t, tPrev, sigma);
            double a = s.AlphaBar(t), aPrev = s.AlphaBar(tPrev);
            double rhs = Normal.LogDensity(xPrev, reverse.Mean(x0, xt), reverse.Variance)
                + Normal.LogDensity(xt, Math.Sqrt(a) * x0, 1 - a) - Normal.LogDensity(xPrev, Math.Sqrt(aPrev) * x0, 1 - aPrev);
            var forward = SigmaForward.Coefficients(s, t, tPrev, sigma);
            // Log-densities here are O(1e3) at most (small variances near t = 0); double leaves ~1e-10 relative.
            Assert.Equal(rhs, Normal.LogDensity(xt, forward.Mean(x0, xPrev), forward.Variance), 1e-7 * Math.Max(1, Math.Abs(rhs)));
        }
    }

    [Fact]
    public void Sigma_forward_is_the_ddpm_step_at_eta_one_and_depends_on_x0_otherwise()
    {
        var s = NoiseSchedule.Linear();
        foreach (int t in new[] { 1, 10, 500, 999 })
        {
            double a = s.AlphaBar(t), aPrev = s.AlphaBar(t - 1);
            var ddpm = SigmaForward.Coefficients(s, t, t - 1, DdimCoefficients.SigmaFromEta(a, aPrev, 1));
            Assert.Equal(0, ddpm.X0Coefficient, 1e-12);
            Assert.Equal(Math.Sqrt(1 - s.Beta(t)), ddpm.XPrevCoefficient, 1e-12);
            Assert.Equal(s.Beta(t), ddpm.Variance, 1e-12);
            var deterministic = SigmaForward.Coefficients(s, t, t - 1, 0);
            // At sigma = 0 the step has variance 0, so any x_0 weight above rounding (~1e-15 here) makes x_t depend on x_0;
            // one step's weight is O(beta_t) small, so the bound is set well below that and well above rounding.
            Assert.Equal(0, deterministic.Variance);
            Assert.True(Math.Abs(deterministic.X0Coefficient) > 1e-8, $"x0 weight at t = {t} is {deterministic.X0Coefficient}");
        }
    }

    [Fact]
    public void Theorem1_weights_at_eta_one_are_the_ddpm_elbo_weights()
    {
        // DDPM Eq. (12): the weight of ||eps - eps_theta||^2 is beta_t^2 / (2 sigma_t^2 alpha_t (1 - alpha-bar_t)).
        var s = NoiseSchedule.Linear();
        var sigmas = SigmaFamilyObjective.SigmasFromEta(s, 1, Math.Sqrt(s.Beta(0)));
        var gamma = SigmaFamilyObjective.Gamma(s, sigmas);
        for (int t = 0; t < s.T; t++)
        {
            double expected = s.Beta(t) * s.Beta(t) / (2 * sigmas[t] * sigmas[t] * s.Alpha(t) * (1 - s.AlphaBar(t)));
            Assert.Equal(expected, gamma[t], 1e-9 * expected);
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    public void Theorem1_monte_carlo_J_equals_weighted_eps_mse_plus_constant(double eta)
    {
        var s = NoiseSchedule.Linear(T: 40, betaStart: 1e-3, betaEnd: 0.2);
        var data = new DiagonalGaussian([0.5, -1.0], [0.3, 1.5]);
        var sigmas = SigmaFamilyObjective.SigmasFromEta(s, eta, 0.05);
        var gamma = SigmaFamilyObjective.Gamma(s, sigmas);
        var model = LinearNoiseModel.Optimal(s, data).Perturbed(0.9, 0.05);
        double exact = SigmaFamilyObjective.WeightedEpsMse(s, data, model, gamma) + SigmaFamilyObjective.Constant(s, data, sigmas);
        var mc = SigmaFamilyObjective.MonteCarloJ(s, data, model, sigmas, 20_000, seed: 7);
        // A correct estimator misses by more than 5 standard errors with probability < 1e-6.
        Assert.True(Math.Abs(mc.Mean - exact) < 5 * mc.StandardError, $"MC {mc.Mean} +- {mc.StandardError}, exact {exact}");
    }

    [Fact]
    public void Optimal_linear_model_minimises_every_timesteps_eps_mse()
    {
        var s = NoiseSchedule.Linear();
        var data = new DiagonalGaussian([0.5, -1.0], [0.3, 1.5]);
        var best = LinearNoiseModel.Optimal(s, data);
        foreach (var other in new[] { best.Perturbed(1.01, 0), best.Perturbed(0.99, 0), best.Perturbed(1, 1e-3), best.Perturbed(1, -1e-3) })
            foreach (int t in new[] { 0, 100, 999 })
                Assert.True(other.ExpectedSquaredError(s, data, t) > best.ExpectedSquaredError(s, data, t));
    }

    [Fact]
    public void Optimal_linear_model_agrees_with_the_analytic_gaussian_predictor()
    {
        var s = NoiseSchedule.Linear();
        var linear = LinearNoiseModel.Optimal(s, new DiagonalGaussian([0.5], [0.09]));
        var analytic = new GaussianNoisePredictor(s, new DiagonalGaussian([0.5], [0.09]));
        using var x = tensor(new[] { -1.0, 0.2, 2.0 }, dtype: float64).reshape(3, 1);
        foreach (int t in new[] { 0, 300, 999 })
        {
            using var ts = full(3, t, dtype: int64);
            using var eps = analytic.PredictNoise(x, ts);
            var values = eps.data<double>().ToArray();
            for (int i = 0; i < 3; i++)
                Assert.Equal(linear.Predict(t, 0, x[i, 0].item<double>()), values[i], 1e-12);
        }
    }

    [Fact]
    public void Ring_samples_have_the_mixture_moments()
    {
        // E x = 0 and E |x|^2 = r^2 + 2 s^2 for 8 equal-weight components on a circle of radius 2, std s = 0.1;
        // n = 50k: standard errors ~0.006 (mean: sd ~1.4 per coordinate) and ~0.002 (|x|^2: sd ~4 s), bounds 0.05 and 0.02.
        var ring = GaussianMixtureNoisePredictor.Ring(NoiseSchedule.Linear());
        var g = new Generator(11);
        using var x = ring.SampleData(50_000, g, float64);
        Assert.Equal(new long[] { 50_000, 2 }, x.shape);
        Assert.Equal(0, x.mean([0]).abs().max().item<double>(), 0.05);
        Assert.Equal(4 + 2 * 0.1 * 0.1, x.square().sum(1).mean().item<double>(), 0.02);
    }
}

public class SigmaFamilyComparisonTests
{
    [Fact]
    public void Theorem1_paired_J_differences_equal_L_gamma_differences()
    {
        var s = NoiseSchedule.Linear(T: 40, betaStart: 1e-3, betaEnd: 0.2);
        var data = new DiagonalGaussian([0.5, -1.0], [0.3, 1.5]);
        var sigmas = SigmaFamilyObjective.SigmasFromEta(s, 0.5, 0.05);
        var gamma = SigmaFamilyObjective.Gamma(s, sigmas);
        var best = LinearNoiseModel.Optimal(s, data);
        LinearNoiseModel[] models = [best, best.Perturbed(0.9, 0.05), best.Perturbed(1.1, -0.1)];
        var result = SigmaFamilyObjective.MonteCarloJ(s, data, models, sigmas, 10_000, seed: 8);
        Assert.Equal(0, result.DifferenceFromFirst[0].Mean);
        for (int k = 1; k < models.Length; k++)
        {
            double exact = SigmaFamilyObjective.WeightedEpsMse(s, data, models[k], gamma) - SigmaFamilyObjective.WeightedEpsMse(s, data, best, gamma);
            var diff = result.DifferenceFromFirst[k];
            // 5 paired standard errors: a correct estimator fails with probability < 1e-6; pairing makes the bound tight.
            Assert.True(Math.Abs(diff.Mean - exact) < 5 * diff.StandardError, $"model {k}: MC {diff.Mean} +- {diff.StandardError}, exact {exact}");
            Assert.True(diff.StandardError < result.J[k].StandardError, "pairing reduces the standard error");
        }
        // The single-model overload draws the same chains for the same seed.
        Assert.Equal(result.J[1].Mean, SigmaFamilyObjective.MonteCarloJ(s, data, models[1], sigmas, 10_000, seed: 8).Mean, 1e-9);
    }
}
