using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Models;
using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class SamplerTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Linear();

    [Fact]
    public void Point_mass_data_one_DDIM_step_with_exact_eps_returns_the_point()
    {
        // For x_0 = mu exactly, eps*(x_t) = (x_t - sqrt(a_t) mu)/sqrt(1 - a_t); a std of 1e-9 makes the Gaussian predictor
        // that (relative error a s^2/(1 - a) < 1e-13 at t = 999). One step from any x_T to t = -1 must land on mu,
        // for every eta (the last step has sigma = 0).
        var mu = new[] { 0.3, -1.2, 2.5 };
        var model = new GaussianNoisePredictor(Linear, new DiagonalGaussian(mu, new[] { 1e-18, 1e-18, 1e-18 }));
        var sampler = new DdimSampler(Linear);
        using var g = new Generator(7);
        var xT = randn(new long[] { 16, 3 }, dtype: float64, generator: g);
        foreach (var noise in new[] { SamplerNoise.Deterministic, SamplerNoise.Ddpm, SamplerNoise.SigmaHat })
        {
            var result = sampler.Sample(model, xT, TimestepSequence.FromTimesteps(1000, new[] { 999 }), noise, g);
            var expected = tensor(mu, dtype: float64).expand(16, 3);
            // |x_T| ~ 3 amplified by 1/sqrt(a_999) ~ 160: ~1e-12 of rounding.
            Assert.True(Stats.MaxAbsDiff(result.X0, expected) < 1e-10, $"{noise}: {Stats.MaxAbsDiff(result.X0, expected)}");
        }
    }

    [Fact]
    public void Eta_zero_is_deterministic_and_eta_one_is_not()
    {
        var model = new GaussianNoisePredictor(Linear, 0.5, 0.3, 4);
        var sampler = new DdimSampler(Linear);
        var seq = TimestepSequence.Uniform(1000, 20);
        var xT = randn(new long[] { 8, 4 }, dtype: float64, generator: new Generator(1));
        var a = sampler.Sample(model, xT, seq, SamplerNoise.Deterministic, new Generator(2)).X0;
        var b = sampler.Sample(model, xT, seq, SamplerNoise.Deterministic, new Generator(3)).X0;
        Assert.Equal(0.0, Stats.MaxAbsDiff(a, b));
        var c = sampler.Sample(model, xT, seq, SamplerNoise.Ddpm, new Generator(2)).X0;
        var d = sampler.Sample(model, xT, seq, SamplerNoise.Ddpm, new Generator(3)).X0;
        Assert.True(Stats.MaxAbsDiff(c, d) > 1e-3);
        // Same seed, same draws: reproducible.
        var e = sampler.Sample(model, xT, seq, SamplerNoise.Ddpm, new Generator(2)).X0;
        Assert.Equal(0.0, Stats.MaxAbsDiff(c, e));
    }

    [Fact]
    public void Generalized_step_is_Eq12_written_out()
    {
        // Eq. (12) by hand for one step with a fixed eps (a constant predictor) and eta = 0, where no noise is drawn:
        // x_prev = sqrt(a_prev) (x_t - sqrt(1 - a_t) eps)/sqrt(a_t) + sqrt(1 - a_prev - 0) eps.
        var model = new ConstantNoise(0.25);
        var sampler = new DdimSampler(Linear);
        var xt = tensor(new[] { 1.0, -2.0 }, dtype: float64).reshape(1, 2);
        int t = 600, tPrev = 400;
        double a = Linear.AlphaBar(t), ap = Linear.AlphaBar(tPrev);
        var step = sampler.GeneralizedStep(model, xt, t, tPrev, SamplerNoise.Deterministic);
        double[] x = { 1.0, -2.0 };
        for (int i = 0; i < 2; i++)
        {
            double x0 = (x[i] - Math.Sqrt(1 - a) * 0.25) / Math.Sqrt(a);
            Assert.Equal(x0, step.PredictedX0[0, i].item<double>(), 1e-14);
            Assert.Equal(Math.Sqrt(ap) * x0 + Math.Sqrt(1 - ap) * 0.25, step.XPrev[0, i].item<double>(), 1e-14);
        }
    }

    [Fact]
    public void The_last_step_uses_alpha_prev_one_and_returns_the_predicted_x0()
    {
        var model = new GaussianNoisePredictor(Linear, 0.1, 0.7, 3);
        var sampler = new DdimSampler(Linear);
        var xt = randn(new long[] { 5, 3 }, dtype: float64, generator: new Generator(3));
        foreach (var noise in new[] { SamplerNoise.Deterministic, SamplerNoise.FromEta(0.5), SamplerNoise.Ddpm, SamplerNoise.SigmaHat })
        {
            var step = sampler.GeneralizedStep(model, xt, 50, -1, noise, new Generator(4));
            Assert.Equal(0.0, Stats.MaxAbsDiff(step.XPrev, step.PredictedX0));
        }
    }

    [Fact]
    public void Sigma_hat_keeps_the_eta_one_mean_with_the_larger_noise()
    {
        foreach (var (t, tPrev) in new[] { (999, 899), (100, 50), (10, 9) })
        {
            var eta1 = DdimCoefficients.For(Linear, t, tPrev, SamplerNoise.Ddpm);
            var hat = DdimCoefficients.For(Linear, t, tPrev, SamplerNoise.SigmaHat);
            Assert.Equal(eta1.Direction, hat.Direction);
            Assert.Equal(Math.Sqrt(1 - Linear.AlphaBar(t) / Linear.AlphaBar(tPrev)), hat.NoiseStd, 1e-15);
            Assert.True(hat.NoiseStd > eta1.NoiseStd);
            // With consecutive steps sigma-hat^2 is beta_t, the forward step's variance.
            if (tPrev == t - 1)
                Assert.Equal(Linear.Beta(t), hat.NoiseStd * hat.NoiseStd, 1e-14);
        }
    }

    [Fact]
    public void Clipping_is_off_by_default_and_clamps_x0_when_asked()
    {
        // Data far outside [-1, 1] (mean 5): unclipped DDIM recovers it, clipped predictions never leave [-1, 1].
        var model = new GaussianNoisePredictor(Linear, 5.0, 1e-6, 2);
        var sampler = new DdimSampler(Linear);
        var xT = randn(new long[] { 4, 2 }, dtype: float64, generator: new Generator(5));
        var seq = TimestepSequence.Uniform(1000, 10);
        var plain = sampler.Sample(model, xT, seq, SamplerNoise.Deterministic);
        Assert.True(Stats.MaxAbsDiff(plain.X0, full(4, 2, 5.0, dtype: float64)) < 1e-6);
        var clipped = sampler.Sample(model, xT, seq, SamplerNoise.Deterministic, clipX0: true, recordTrajectory: true);
        Assert.All(clipped.PredictedX0s, x0 => Assert.True(Stats.MaxAbs(x0) <= 1.0));
        Assert.True(Stats.MaxAbs(clipped.X0) <= 1.0);
    }

    [Fact]
    public void Sample_makes_one_model_call_per_step_and_records_every_x_t_and_x0_hat()
    {
        var model = new GaussianNoisePredictor(Linear, 0.0, 1.0, 2);
        var sampler = new DdimSampler(Linear);
        var xT = randn(new long[] { 3, 2 }, dtype: float64, generator: new Generator(6));
        var seq = TimestepSequence.Uniform(1000, 7);
        var result = sampler.Sample(model, xT, seq, SamplerNoise.FromEta(0.3), new Generator(1), recordTrajectory: true);
        Assert.Equal(seq.Length, result.ModelCalls);
        Assert.Equal(seq.Length, sampler.ModelCalls);
        Assert.Equal(seq.Length + 1, result.Trajectory.Count);
        Assert.Equal(seq.Length, result.PredictedX0s.Count);
        Assert.Equal(0.0, Stats.MaxAbsDiff(result.Trajectory[0], xT));
        Assert.Equal(0.0, Stats.MaxAbsDiff(result.Trajectory[^1], result.X0));
        var bare = sampler.Sample(model, xT, seq, SamplerNoise.FromEta(0.3), new Generator(1));
        Assert.Empty(bare.Trajectory);
        Assert.Equal(0.0, Stats.MaxAbsDiff(bare.X0, result.X0));
    }

    [Fact]
    public void Inadmissible_eta_stops_the_sampler_with_t_eta_and_bound_in_the_message()
    {
        var model = new GaussianNoisePredictor(Linear, 0.0, 1.0, 2);
        var sampler = new DdimSampler(Linear);
        var e = Assert.Throws<ArgumentException>(() =>
            sampler.Sample(model, zeros(2, 2, dtype: float64), TimestepSequence.Uniform(1000, 10), SamplerNoise.FromEta(50)));
        Assert.Contains("eta = 50 is not admissible at t = 900", e.Message);
        Assert.Contains("1 - alpha_prev", e.Message);
        Assert.Contains("largest eta", e.Message);
        Assert.Contains("eta is -1", Assert.Throws<ArgumentException>(() => SamplerNoise.FromEta(-1)).Message);
        Assert.Contains("neither a number", Assert.Throws<ArgumentException>(() => SamplerNoise.Parse("fast")).Message);
        Assert.Equal(SamplerNoise.SigmaHat, SamplerNoise.Parse("hat"));
        Assert.Equal(0.2, SamplerNoise.Parse("0.2").Eta);
        Assert.Contains("sequence was built for T = 500", Assert.Throws<ArgumentException>(() =>
            sampler.Sample(model, zeros(2, 2, dtype: float64), TimestepSequence.Uniform(500, 10), SamplerNoise.Deterministic)).Message);
    }

    [Fact]
    public void Lemma1_marginals_are_preserved_for_any_sigma_by_Monte_Carlo()
    {
        // Start from q(x_900 | x_0) and walk a sub-sequence with q_sigma (Eq. 7), a random admissible sigma per step,
        // using the true x_0. At every visited t the samples must have q(x_t | x_0)'s moments: n = 20k per coordinate,
        // 5 standard errors (see Stats).
        const int n = 20_000;
        using var g = new Generator(99);
        var rng = new Random(5);
        var x0 = tensor(new[] { -0.8, 1.5 }, dtype: float64);
        var seq = TimestepSequence.Uniform(1000, 10);
        int start = seq.First;
        var x = Forward.SampleMarginal(Linear, x0.expand(n, 2), start, randn(new long[] { n, 2 }, dtype: float64, generator: g));
        foreach (var (t, tPrev) in seq.SamplingSteps.Take(seq.Length - 1))
        {
            double sigma = rng.NextDouble() * Math.Sqrt(1 - Linear.AlphaBar(tPrev));
            var q = SigmaPosterior.Coefficients(Linear, t, tPrev, sigma);
            x = q.XtCoefficient * x + q.X0Coefficient * x0 + q.Std * randn(new long[] { n, 2 }, dtype: float64, generator: g);
            var (mean, variance) = Stats.Moments(x);
            for (int d = 0; d < 2; d++)
            {
                Stats.AssertGaussianMoments(Math.Sqrt(Linear.AlphaBar(tPrev)) * x0[d].item<double>(), 1 - Linear.AlphaBar(tPrev),
                    mean[d], variance[d], n, 5, $"t = {tPrev} (sigma = {sigma:G4})");
            }
        }
    }

    [Fact]
    public void Predictors_accept_vectors_and_image_shaped_batches_alike()
    {
        var gaussian = new GaussianNoisePredictor(Linear, 0.2, 0.5, 12);
        var mixture = new GaussianMixtureNoisePredictor(Linear, new[] { 1.0, 2.0 },
            new[] { Enumerable.Repeat(0.5, 12).ToArray(), Enumerable.Repeat(-0.5, 12).ToArray() }, new[] { 0.3, 0.6 });
        var x = randn(new long[] { 5, 3, 2, 2 }, dtype: float64, generator: new Generator(8));
        var t = tensor(new long[] { 0, 10, 200, 500, 999 });
        foreach (INoisePredictor model in new INoisePredictor[] { gaussian, mixture })
        {
            var image = model.PredictNoise(x, t);
            var flat = model.PredictNoise(x.reshape(5, 12), t);
            Assert.Equal(x.shape, image.shape);
            Assert.Equal(0.0, Stats.MaxAbsDiff(image.reshape(5, 12), flat));
        }
        var e = Assert.Throws<ArgumentException>(() => gaussian.PredictNoise(randn(5, 7), t));
        Assert.Contains("D = 12", e.Message);
    }

    [Fact]
    public void Mixture_eps_is_minus_sqrt_one_minus_a_times_the_score_of_the_diffused_density()
    {
        // Independent oracle: log p_t(x) = logsumexp_k [log w_k + log N(x; sqrt(a) m_k, v_k I)] written out in doubles,
        // its gradient by central differences (h = 1e-5: truncation ~h^2 ~ 1e-10, rounding ~1e-16/h ~ 1e-11).
        var weights = new[] { 0.2, 0.5, 0.3 };
        var means = new[] { new[] { 1.0, 0.0 }, new[] { -1.0, 0.5 }, new[] { 0.0, -2.0 } };
        var stds = new[] { 0.3, 0.5, 0.2 };
        var model = new GaussianMixtureNoisePredictor(Linear, weights, means, stds);
        double LogDensity(double[] x, double a)
        {
            var terms = Enumerable.Range(0, 3).Select(k =>
            {
                double v = a * stds[k] * stds[k] + 1 - a;
                double sq = Enumerable.Range(0, 2).Sum(d => Math.Pow(x[d] - Math.Sqrt(a) * means[k][d], 2));
                return Math.Log(weights[k]) - Math.Log(2 * Math.PI * v) - sq / (2 * v);
            }).ToArray();
            double m = terms.Max();
            return m + Math.Log(terms.Sum(z => Math.Exp(z - m)));
        }
        var points = new[] { new[] { 0.3, -0.4 }, new[] { 1.1, 0.2 }, new[] { -2.0, 1.0 } };
        foreach (int t in new[] { 5, 100, 400, 900 })
        {
            double a = Linear.AlphaBar(t);
            var eps = model.PredictNoise(tensor(points.SelectMany(p => p).ToArray(), dtype: float64).reshape(3, 2), full(3, (long)t, dtype: int64));
            for (int i = 0; i < 3; i++)
            {
                for (int d = 0; d < 2; d++)
                {
                    const double h = 1e-5;
                    var plus = (double[])points[i].Clone();
                    var minus = (double[])points[i].Clone();
                    plus[d] += h;
                    minus[d] -= h;
                    double score = (LogDensity(plus, a) - LogDensity(minus, a)) / (2 * h);
                    Assert.Equal(-Math.Sqrt(1 - a) * score, eps[i, d].item<double>(), 1e-6 * (1 + Math.Abs(score)));
                }
            }
        }
    }

    [Fact]
    public void A_one_component_mixture_is_the_Gaussian_predictor()
    {
        var mixture = new GaussianMixtureNoisePredictor(Linear, new[] { 1.0 }, new[] { new[] { 0.4, -0.3, 1.0 } }, new[] { 0.6 });
        var gaussian = new GaussianNoisePredictor(Linear, new DiagonalGaussian(new[] { 0.4, -0.3, 1.0 }, new[] { 0.36, 0.36, 0.36 }));
        var x = randn(new long[] { 6, 3 }, dtype: float64, generator: new Generator(9));
        var t = tensor(new long[] { 0, 1, 50, 300, 700, 999 });
        Assert.True(Stats.MaxAbsDiff(mixture.PredictNoise(x, t), gaussian.PredictNoise(x, t)) < 1e-13);
    }

    [Fact]
    public void Bad_predictor_inputs_are_refused()
    {
        Assert.Contains("data.Variance[1] is 0", Assert.Throws<ArgumentException>(() => new GaussianNoisePredictor(Linear, new DiagonalGaussian(new[] { 0.0, 0.0 }, new[] { 1.0, 0.0 }))).Message);
        Assert.Contains("dimension is 0", Assert.Throws<ArgumentException>(() => new GaussianNoisePredictor(Linear, 0, 1, 0)).Message);
        Assert.Throws<ArgumentException>(() => new GaussianMixtureNoisePredictor(Linear, new[] { 1.0 }, new[] { new[] { 0.0 } }, new[] { -1.0 }));
    }

    private sealed class ConstantNoise(double value) : INoisePredictor
    {
        public Tensor PredictNoise(Tensor xt, Tensor t) => full_like(xt, value);
    }
}
