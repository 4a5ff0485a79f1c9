using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Ode;
using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class DdimStepTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Linear();

    [Theory]
    [InlineData("0", false)]
    [InlineData("0.5", false)]
    [InlineData("hat", true)]
    public void A_hand_written_loop_over_the_pure_step_reproduces_the_sampler_bit_for_bit(string eta, bool clip)
    {
        var model = new GaussianNoisePredictor(Linear, 0.2, 0.7, 5);
        var noise = SamplerNoise.Parse(eta);
        var sequence = TimestepSequence.Uniform(1000, 10);
        var xT = randn(new long[] { 6, 5 }, dtype: float64, generator: new Generator(11));
        var library = new DdimSampler(Linear).Sample(model, xT, sequence, noise, new Generator(12), clip).X0;

        var generator = new Generator(12);
        var calls = new PredictorCalls();
        var x = xT;
        foreach (var (t, tPrev) in sequence.SamplingSteps)
        {
            var c = DdimCoefficients.For(Linear, t, tPrev, noise);
            var eps = calls.PredictNoise(model, x, t);
            var z = c.NoiseStd > 0 ? randn(x.shape, dtype: x.dtype, generator: generator) : null;
            x = DdimStep.Apply(x, eps, c, z, clip).XPrev;
        }
        Assert.Equal(sequence.Length, calls.Count);
        Assert.Equal(0.0, Stats.MaxAbsDiff(library, x));
    }

    [Fact]
    public void Inversion_is_the_pure_step_run_forward_in_t()
    {
        var model = new GaussianNoisePredictor(Linear, -0.4, 0.5, 3);
        var sequence = TimestepSequence.Uniform(1000, 20);
        var x0 = randn(new long[] { 4, 3 }, dtype: float64, generator: new Generator(3));
        var library = new DdimSampler(Linear).Invert(model, x0, sequence);
        var calls = new PredictorCalls();
        var x = x0;
        int from = -1;
        foreach (int to in sequence.Timesteps)
        {
            var eps = calls.PredictNoise(model, x, Math.Max(from, sequence.Last));
            x = DdimStep.Apply(x, eps, DdimCoefficients.ForInversion(Linear, from, to)).XPrev;
            from = to;
        }
        Assert.Equal(0.0, Stats.MaxAbsDiff(library, x));
    }

    [Fact]
    public void The_step_from_x0_hat_equals_the_step_from_the_noise_it_implies()
    {
        var xt = randn(new long[] { 3, 4 }, dtype: float64, generator: new Generator(5));
        var eps = randn(new long[] { 3, 4 }, dtype: float64, generator: new Generator(6));
        var c = DdimCoefficients.For(Linear, 600, 400, SamplerNoise.Deterministic);
        var step = DdimStep.Apply(xt, eps, c);
        Assert.True(Stats.MaxAbsDiff(step.XPrev, DdimStep.FromX0(xt, step.PredictedX0, c)) < 1e-12);
    }

    [Fact]
    public void A_noisy_step_without_z_is_refused_by_name()
    {
        var xt = zeros(2, 2, dtype: float64);
        var c = DdimCoefficients.For(Linear, 600, 400, SamplerNoise.Ddpm);
        var e = Assert.Throws<ArgumentException>(() => DdimStep.Apply(xt, xt, c));
        Assert.Equal("z", e.ParamName);
    }

    [Fact]
    public void Every_step_pair_check_gives_the_same_message()
    {
        var model = new GaussianNoisePredictor(Linear, 0, 1, 1);
        var x = zeros(1, 1, dtype: float64);
        var messages = new[]
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => DdimCoefficients.For(Linear, 500, 500, SamplerNoise.Deterministic)).Message,
            Assert.Throws<ArgumentOutOfRangeException>(() => new DdimOde(Linear).EulerSigmaStep(model, x, 500, 500)).Message,
            Assert.Throws<ArgumentOutOfRangeException>(() => DdpmPosterior.Coefficients(Linear, 500, 500)).Message,
            Assert.Throws<ArgumentOutOfRangeException>(() => SigmaPosterior.Coefficients(Linear, 500, 500, 0)).Message,
        };
        Assert.All(messages, m => Assert.StartsWith("t_prev must lie in -1..499 (below t = 500)", m));
    }

    [Fact]
    public void The_sampler_and_the_sigma_family_share_one_admissibility_bound()
    {
        double bound = Math.Sqrt(1 - Linear.AlphaBar(99));
        double justInside = bound * (1 + 1e-13), justOutside = bound * (1 + 1e-9);
        Assert.Equal(justInside, DdimCoefficients.ForSigma(Linear, 100, 99, justInside).NoiseStd);
        Assert.Equal(justInside * justInside, SigmaPosterior.Coefficients(Linear, 100, 99, justInside).Variance);
        Assert.Throws<ArgumentException>(() => DdimCoefficients.ForSigma(Linear, 100, 99, justOutside));
        Assert.Throws<ArgumentException>(() => SigmaPosterior.Coefficients(Linear, 100, 99, justOutside));
    }
}
