using Ddim.Teaching.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public class KidTests
{
    private static Tensor Normal1D(long n, double mean, double std, long seed)
    {
        using var generator = new Generator((ulong)seed);
        return torch.randn([n, 1], dtype: ScalarType.Float64, generator: generator) * std + mean;
    }

    // In d = 1, k(x, y) = (xy + 1)^3 = (xy)^3 + 3 (xy)^2 + 3 xy + 1, so for independent draws
    // MMD^2 = (m3P - m3Q)^2 + 3 (m2P - m2Q)^2 + 3 (m1P - m1Q)^2 with raw moments m_k.
    private static double ExactMmd1D(double mu1, double s1, double mu2, double s2)
    {
        static (double, double, double) Moments(double mu, double s) => (mu, mu * mu + s * s, mu * mu * mu + 3 * mu * s * s);
        var (a1, a2, a3) = Moments(mu1, s1);
        var (b1, b2, b3) = Moments(mu2, s2);
        return Math.Pow(a3 - b3, 2) + 3 * Math.Pow(a2 - b2, 2) + 3 * Math.Pow(a1 - b1, 2);
    }

    [Fact]
    public void KID_is_unbiased_for_the_exact_MMD_of_two_known_Gaussians()
    {
        double exact = ExactMmd1D(0, 1, 0.3, 0.8);
        var kid = Kid.Compute(Normal1D(4000, 0, 1, 1), Normal1D(4000, 0.3, 0.8, 2), subsets: 30);
        // Four standard errors: a fixed-seed check that fails if the estimator were biased by more than its noise.
        Assert.True(Math.Abs(kid.Value - exact) < 4 * kid.StandardError, $"KID {kid.Value} +- {kid.StandardError}, exact {exact}");
        Assert.True(kid.StandardError < exact / 3, $"standard error {kid.StandardError} too large to resolve {exact}");
    }

    [Fact]
    public void Unbiased_MMD_of_one_distribution_with_itself_is_zero_on_average()
    {
        var values = Enumerable.Range(0, 40).Select(i => Kid.UnbiasedMmdSquared(Normal1D(100, 0, 1, 10 + 2 * i), Normal1D(100, 0, 1, 11 + 2 * i))).ToArray();
        double mean = values.Average();
        double se = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
        // A biased (V-statistic) estimator would sit near +2 E k(x,x)/n ~ 0.4 here, many standard errors away.
        Assert.True(Math.Abs(mean) < 3.5 * se, $"mean {mean}, standard error {se}");
        Assert.Contains(values, v => v < 0);
    }

    [Fact]
    public void Reported_standard_error_matches_the_spread_over_independent_data_sets()
    {
        var kids = Enumerable.Range(0, 30).Select(i =>
            Kid.Compute(Normal1D(400, 0, 1, 100 + 2 * i), Normal1D(400, 0.5, 1, 101 + 2 * i), subsets: 50, seed: i)).ToArray();
        double mean = kids.Average(k => k.Value);
        double spread = Math.Sqrt(kids.Sum(k => (k.Value - mean) * (k.Value - mean)) / (kids.Length - 1));
        double reported = kids.Average(k => k.StandardError);
        // 30 replicates estimate a standard deviation to ~13% (1 sigma); a factor 1.6 either way allows ~3.5 sigma.
        Assert.InRange(reported / spread, 1 / 1.6, 1.6);
    }

    [Fact]
    public void Default_subsets_differ_even_when_n_is_small()
    {
        var kid = Kid.Compute(Normal1D(50, 0, 1, 1), Normal1D(60, 0.2, 1, 2));
        Assert.Equal(25, kid.SubsetSize);
        Assert.True(kid.SubsetStd > 0);
        Assert.Equal((50L, 60L), (kid.Count1, kid.Count2));
    }
}
