using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class GaussianWorldTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Linear();
    private static readonly double[] DataMean = { 0.5, -1.0 };
    private static readonly double[] DataStd = { 0.1, 0.8 };
    private static readonly DiagonalGaussian Data = new(DataMean, DataStd.Select(s => s * s).ToArray());

    public static TheoryData<int, string, string> Samplers => new()
    {
        { 10, "0", "uniform" },
        { 10, "1", "uniform" },
        { 20, "0.5", "quad" },
        { 10, "hat", "uniform" },
        { 50, "0.2", "linear" },
        { 7, "1", "linear" },
    };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Exact_propagation_agrees_with_Monte_Carlo_sampling_of_the_tensor_sampler(int steps, string eta, string skip)
    {
        // 20k float64 samples from N(0, I) through the tensor sampler driven by the analytic eps*; the sample mean and
        // variance per dimension must match the closed-form propagation within 5 standard errors (see Stats).
        const int n = 20_000;
        var noise = SamplerNoise.Parse(eta);
        var sequence = TimestepSequence.Create(TimestepSequence.ParseKind(skip), 1000, steps);
        var model = new GaussianNoisePredictor(Linear, Data);
        using var g = new Generator(2024);
        var xT = randn(new long[] { n, 2 }, dtype: float64, generator: g);
        var samples = new DdimSampler(Linear).Sample(model, xT, sequence, noise, g).X0;
        var exact = ExactPropagation.Propagate(Linear, Data, sequence, noise);
        var (mean, variance) = Stats.Moments(samples);
        for (int d = 0; d < 2; d++)
            Stats.AssertGaussianMoments(exact.Mean[d], exact.Variance[d], mean[d], variance[d], n, 5, $"S = {steps}, eta = {eta}, {skip}, d = {d}");
    }

    [Fact]
    public void One_affine_step_map_is_exactly_one_deterministic_tensor_step()
    {
        // With eta = 0 no noise is drawn, so x_prev = A x_t + B must hold sample by sample (to rounding).
        var model = new GaussianNoisePredictor(Linear, Data);
        var x = randn(new long[] { 64, 2 }, dtype: float64, generator: new Generator(5));
        var step = new DdimSampler(Linear).GeneralizedStep(model, x, 700, 300, SamplerNoise.Deterministic);
        for (int d = 0; d < 2; d++)
        {
            var map = ExactPropagation.StepMap(Linear, DataMean[d], DataStd[d] * DataStd[d], 700, 300, SamplerNoise.Deterministic);
            Assert.Equal(0.0, map.NoiseStd);
            var expected = map.Scale * x[.., d] + map.Offset;
            Assert.True(Stats.MaxAbsDiff(expected, step.XPrev[.., d]) < 1e-12);
        }
    }

    [Fact]
    public void Exact_FD_has_the_shape_of_Table_1()
    {
        // Narrow data (std 0.1 in 10 dimensions): eta = 0 is best at S = 10, FD grows with eta and sigma-hat is worst;
        // every sampler's FD falls as S grows, and at S = 1000 they are all close to the data.
        var data = DiagonalGaussian.Isotropic(0, 0.1, 10);
        var noises = new[] { "0", "0.2", "0.5", "1", "hat" }.Select(SamplerNoise.Parse).ToArray();
        int[] steps = { 10, 20, 50, 100, 1000 };
        var rows = ExactPropagation.Sweep(Linear, data, steps, noises);
        double Fd(int s, SamplerNoise e) => rows.Single(r => r.Steps == s && r.Noise == e).Fd;
        for (int i = 1; i < noises.Length; i++)
            Assert.True(Fd(10, noises[i - 1]) < Fd(10, noises[i]), $"S = 10: FD({noises[i - 1]}) >= FD({noises[i]})");
        foreach (var e in noises)
        {
            for (int i = 1; i < steps.Length; i++)
                Assert.True(Fd(steps[i], e) < Fd(steps[i - 1], e), $"eta = {e}: FD does not fall from S = {steps[i - 1]} to {steps[i]}");
            Assert.True(Fd(1000, e) < 1e-3 * Fd(10, SamplerNoise.SigmaHat));
        }
    }

    [Fact]
    public void Fit_gives_the_per_dimension_mean_and_unbiased_variance_raised_to_the_floor()
    {
        // Three 1x2 "images": dimension 0 takes 0, 2, 4 (mean 2, unbiased variance 4), dimension 1 is constant 1 (variance 0,
        // raised to the floor).
        using var images = tensor(new float[] { 0, 1, 2, 1, 4, 1 }).reshape(3, 1, 1, 2);
        var fit = DiagonalGaussian.Fit(images, varianceFloor: 1e-4);
        Assert.Equal(new[] { 2.0, 1.0 }, fit.Mean);
        Assert.Equal(4.0, fit.Variance[0], 12);
        Assert.Equal(1e-4, fit.Variance[1], 12);
        Assert.Equal(0.0, DiagonalGaussian.Fit(images, varianceFloor: 0).Variance[1]);
    }

    [Fact]
    public void Fit_refuses_one_sample_and_a_negative_floor_naming_the_value()
    {
        using var one = zeros(1, 4);
        var few = Assert.Throws<ArgumentException>(() => DiagonalGaussian.Fit(one, 1e-4));
        Assert.Contains("[1, 4]", few.Message);
        using var two = zeros(2, 4);
        var floor = Assert.Throws<ArgumentOutOfRangeException>(() => DiagonalGaussian.Fit(two, -1));
        Assert.Equal("varianceFloor", floor.ParamName);
    }

    [Fact]
    public void Frechet_distance_of_diagonal_Gaussians_matches_the_matrix_formula_in_a_rotated_basis()
    {
        // FD = |m1 - m2|^2 + tr(S1 + S2 - 2 (S1^(1/2) S2 S1^(1/2))^(1/2)) is invariant under a common rotation Q. Rotate both
        // diagonal Gaussians so their covariances are full, and evaluate the matrix formula with eigendecompositions.
        // Double precision eigh on 4x4 matrices: 1e-10.
        var p = new DiagonalGaussian(new[] { 0.1, -0.2, 0.3, 0.0 }, new[] { 0.5, 1.0, 2.0, 0.1 });
        var q = new DiagonalGaussian(new[] { 0.0, 0.4, -0.3, 1.0 }, new[] { 1.5, 0.2, 2.0, 0.7 });
        var (Q, _) = linalg.qr(randn(new long[] { 4, 4 }, dtype: float64, generator: new Generator(11)));
        Tensor Rotate(double[] v) => Q.matmul(diag(tensor(v, dtype: float64))).matmul(Q.T);
        Tensor Sqrtm(Tensor s)
        {
            var (values, vectors) = linalg.eigh(s);
            return vectors.matmul(diag(values.clamp_min(0).sqrt())).matmul(vectors.T);
        }
        var s1 = Rotate(p.Variance);
        var s2 = Rotate(q.Variance);
        var root1 = Sqrtm(s1);
        double trace = (s1 + s2 - 2 * Sqrtm(root1.matmul(s2).matmul(root1))).trace().item<double>();
        var m1 = Q.matmul(tensor(p.Mean, dtype: float64));
        var m2 = Q.matmul(tensor(q.Mean, dtype: float64));
        double meanTerm = (m1 - m2).square().sum().item<double>();
        Assert.Equal(meanTerm + trace, p.FrechetDistance(q), 1e-10);
        Assert.Equal(0.0, p.FrechetDistance(p));
    }

    [Fact]
    public void Propagation_from_the_data_itself_with_many_eta_zero_steps_stays_near_the_data_and_leaves_the_start_untouched()
    {
        // Starting from q(x_T) itself (the data diffused to t = 999) the eta = 0 ODE with 1000 steps carries it back close
        // to the data: the only error is discretisation. The start distribution object must not be modified.
        var data = Data;
        double a = Linear.AlphaBar(999);
        var start = new DiagonalGaussian(DataMean.Select(m => Math.Sqrt(a) * m).ToArray(), DataStd.Select(s => a * s * s + 1 - a).ToArray());
        var before = start.Mean.Concat(start.Variance).ToArray();
        var output = ExactPropagation.Propagate(Linear, data, TimestepSequence.Linear(1000, 1000), SamplerNoise.Deterministic, start);
        Assert.Equal(before, start.Mean.Concat(start.Variance).ToArray());
        Assert.True(output.FrechetDistance(data) < 1e-4, $"{output.FrechetDistance(data)}");
    }
}
