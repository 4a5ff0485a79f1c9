using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.LatentPaths;
using Ddim.Teaching.Ode;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class OdeTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Linear();

    [Theory]
    [InlineData("uniform", 20)]
    [InlineData("quad", 10)]
    [InlineData("linear", 7)]
    public void Ddim_eta_zero_equals_Euler_in_sigma_step_by_step(string skip, int steps)
    {
        // Eq. (14) in sigma: sqrt(a_prev) (x/sqrt(a) + (sigma_prev - sigma) eps) is algebraically Eq. (12) with sigma = 0.
        // The two differ only by rounding; the largest intermediate is |x|/sqrt(a_t) (~ 4/0.0064), so allow 64 ulp of it.
        var model = new GaussianNoisePredictor(Linear, new DiagonalGaussian(new[] { 0.5, -0.2, 1.0 }, new[] { 0.09, 0.36, 0.01 }));
        var sampler = new DdimSampler(Linear);
        var ode = new DdimOde(Linear);
        var x = randn(new long[] { 32, 3 }, dtype: float64, generator: new Generator(3));
        foreach (var (t, tPrev) in TimestepSequence.Create(TimestepSequence.ParseKind(skip), 1000, steps).SamplingSteps)
        {
            var ddim = sampler.GeneralizedStep(model, x, t, tPrev, SamplerNoise.Deterministic).XPrev;
            var euler = ode.EulerSigmaStep(model, x, t, tPrev);
            double scale = Stats.MaxAbs(x) / Math.Sqrt(Linear.AlphaBar(t));
            Assert.True(Stats.MaxAbsDiff(ddim, euler) <= 64 * 2.2e-16 * scale, $"t = {t} -> {tPrev}: {Stats.MaxAbsDiff(ddim, euler)}");
            x = ddim;
        }
    }

    [Fact]
    public void Euler_in_t_differs_from_Euler_in_sigma_at_small_S_and_the_gap_closes_as_S_grows()
    {
        // Both discretise the same ODE; Eq. (15) takes d(sigma^2)/(2 sigma) where Eq. (14) takes d sigma, equal to first
        // order, so their outputs from one x_T converge as the steps shrink.
        var model = new GaussianNoisePredictor(Linear, 0.3, 0.2, 4);
        var ode = new DdimOde(Linear);
        var xT = randn(new long[] { 64, 4 }, dtype: float64, generator: new Generator(4));
        var gaps = new[] { 10, 100, 1000 }.Select(s =>
        {
            var seq = TimestepSequence.Linear(1000, s);
            return Stats.MaxAbsDiff(ode.Solve(model, xT, seq, OdeDiscretisation.Sigma), ode.Solve(model, xT, seq, OdeDiscretisation.Time));
        }).ToArray();
        Assert.True(gaps[0] > 5 * gaps[1] && gaps[1] > 5 * gaps[2], $"gaps {string.Join(", ", gaps)}");
        Assert.True(gaps[0] > 1e-3, $"at S = 10 the two should differ visibly: {gaps[0]}");
    }

    [Fact]
    public void Inversion_then_reconstruction_with_exact_eps_has_error_that_falls_as_S_grows()
    {
        // Encode data samples x_0 -> x_T with the ODE run forward, decode with DDIM eta = 0: the per-dimension MSE must fall
        // with S (the Gaussian-world analogue of Table 2).
        var mean = new[] { 0.5, -0.5, 0.0, 0.2 };
        var std = new[] { 0.2, 0.4, 0.3, 0.1 };
        var model = new GaussianNoisePredictor(Linear, new DiagonalGaussian(mean, std.Select(s => s * s).ToArray()));
        var g = new Generator(8);
        var x0 = tensor(mean, dtype: float64) + tensor(std, dtype: float64) * randn(new long[] { 256, 4 }, dtype: float64, generator: g);
        var sampler = new DdimSampler(Linear);
        var errors = new[] { 10, 20, 50, 100 }.Select(s =>
        {
            var result = sampler.Reconstruct(model, x0, TimestepSequence.Uniform(1000, s));
            Assert.Equal(2 * s, result.ModelCalls);
            return (result.Reconstruction - x0).square().mean().item<double>();
        }).ToArray();
        for (int i = 1; i < errors.Length; i++)
            Assert.True(errors[i] < errors[i - 1], $"MSE {string.Join(", ", errors)}");
        Assert.True(errors[^1] < errors[0] / 10, $"MSE {string.Join(", ", errors)}");
    }

    [Fact]
    public void Slerp_keeps_the_norm_of_equal_norm_latents_and_lerp_shrinks_it()
    {
        var g = new Generator(12);
        var a = randn(new long[] { 1, 28, 28 }, dtype: float64, generator: g);
        var b = randn(new long[] { 1, 28, 28 }, dtype: float64, generator: g);
        b = b * (a.norm() / b.norm());
        double norm = a.norm().item<double>();
        double theta = Interpolation.Angle(a, b);
        var path = Interpolation.Path(a, b, 11);
        Assert.Equal(new long[] { 11, 1, 28, 28 }, path.shape);
        Assert.Equal(0.0, Stats.MaxAbsDiff(path[0], a), 12);
        Assert.Equal(0.0, Stats.MaxAbsDiff(path[10], b), 12);
        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(norm, path[i].norm().item<double>(), 1e-9 * norm);
            Assert.Equal(theta * i / 10, Interpolation.Angle(a, path[i]), 1e-7);
        }
        // Two independent Gaussian latents are nearly orthogonal, so the lerp midpoint has norm ~ |a|/sqrt(2).
        double lerpMid = Interpolation.Lerp(a, b, 0.5).norm().item<double>();
        Assert.True(lerpMid < 0.8 * norm, $"{lerpMid} vs {norm}");
        Assert.Contains("must match", Assert.Throws<ArgumentException>(() => Interpolation.Slerp(a, randn(3), 0.5)).Message);
    }

    [Fact]
    public void Slerp_accepts_float32_image_latents_and_keeps_their_dtype()
    {
        var g = new Generator(13);
        var a = randn(new long[] { 1, 28, 28 }, generator: g);
        var b = randn(new long[] { 1, 28, 28 }, generator: g);
        var path = Interpolation.Path(a, b, 11);
        Assert.Equal(ScalarType.Float32, path.dtype);
        // The same path computed in float64 agrees to float32 rounding (|x| ~ 1 per entry, ~1e-7 relative).
        var reference = Interpolation.Path(a.to_type(float64), b.to_type(float64), 11);
        Assert.True(Stats.MaxAbsDiff(path.to_type(float64), reference) < 1e-5);
        Assert.Equal(Interpolation.Angle(a.to_type(float64), b.to_type(float64)), Interpolation.Angle(a, b), 1e-12);
    }
}
