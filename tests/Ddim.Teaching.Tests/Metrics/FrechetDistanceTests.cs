using CsCheck;
using Ddim.Teaching.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public class FrechetDistanceTests
{
    private static Tensor Gaussian(long n, double[] mean, double[,] choleskyFactor, long seed)
    {
        int d = mean.Length;
        using var generator = new Generator((ulong)seed);
        var z = torch.randn([n, d], dtype: ScalarType.Float64, generator: generator);
        var l = torch.tensor(choleskyFactor, ScalarType.Float64);
        return z.matmul(l.T) + torch.tensor(mean, ScalarType.Float64);
    }

    // For 2x2 PSD M: tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)), with M = S1^1/2 S2 S1^1/2, tr M = tr(S1 S2), det M = det S1 det S2.
    private static double ClosedForm2x2(double[] m1, double[,] s1, double[] m2, double[,] s2)
    {
        double meanTerm = Math.Pow(m1[0] - m2[0], 2) + Math.Pow(m1[1] - m2[1], 2);
        double trProduct = s1[0, 0] * s2[0, 0] + s1[0, 1] * s2[1, 0] + s1[1, 0] * s2[0, 1] + s1[1, 1] * s2[1, 1];
        double det1 = s1[0, 0] * s1[1, 1] - s1[0, 1] * s1[1, 0], det2 = s2[0, 0] * s2[1, 1] - s2[0, 1] * s2[1, 0];
        double traceSqrt = Math.Sqrt(trProduct + 2 * Math.Sqrt(det1 * det2));
        return meanTerm + s1[0, 0] + s1[1, 1] + s2[0, 0] + s2[1, 1] - 2 * traceSqrt;
    }

    private static readonly Gen<double[,]> Covariance2x2 =
        Gen.Select(Gen.Double[0.1, 3], Gen.Double[0.1, 3], Gen.Double[-0.95, 0.95])
            .Select((a, b, rho) => new[,] { { a * a, rho * a * b }, { rho * a * b, b * b } });

    [Fact]
    public void FromStatistics_matches_the_closed_form_for_any_two_2x2_Gaussians()
    {
        Gen.Select(Gen.Double[-3, 3].Array[2], Covariance2x2, Gen.Double[-3, 3].Array[2], Covariance2x2)
            .Sample((m1, s1, m2, s2) =>
            {
                double exact = ClosedForm2x2(m1, s1, m2, s2);
                double computed = FrechetDistance.FromStatistics(tensor(m1), tensor(s1), tensor(m2), tensor(s2));
                // float64 eigendecompositions of well-conditioned 2x2 matrices (condition <= ~1e4): 1e-8 absolute is
                // far above their round-off yet far below any distance that matters.
                Assert.True(Math.Abs(computed - exact) < 1e-8 * (1 + exact), $"computed {computed}, exact {exact}");
            }, iter: 200);
    }

    [Fact]
    public void Identical_feature_sets_are_at_distance_zero()
    {
        var cholesky = new double[8, 8];
        for (int i = 0; i < 8; i++) for (int j = 0; j <= i; j++) cholesky[i, j] = i == j ? 1.0 + i : 0.3;
        var x = Gaussian(500, new double[8], cholesky, seed: 1);
        double fd = FrechetDistance.Compute(x, x.clone());
        // tr(S) is ~ 250 here; float64 round-off of the traces and the square root leaves ~1e-12 of that.
        Assert.True(fd < 1e-8, $"FD(X, X) = {fd}");
    }

    [Fact]
    public void Sampled_Gaussians_approach_their_exact_distance_as_n_grows()
    {
        double[] m1 = [0, 1, 0, -1], m2 = [0.5, 1, -0.5, -1];
        double[,] l1 = { { 1, 0, 0, 0 }, { 0.5, 1, 0, 0 }, { 0, 0.3, 0.8, 0 }, { 0.2, 0, 0, 1.2 } };
        double[,] l2 = { { 1.5, 0, 0, 0 }, { -0.4, 0.7, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0.6, 0.1, 0.9 } };
        using var s1 = torch.tensor(l1).matmul(torch.tensor(l1).T);
        using var s2 = torch.tensor(l2).matmul(torch.tensor(l2).T);
        double exact = FrechetDistance.FromStatistics(torch.tensor(m1), s1, torch.tensor(m2), s2);
        double small = Math.Abs(FrechetDistance.Compute(Gaussian(200, m1, l1, 2), Gaussian(200, m2, l2, 3)) - exact);
        double large = Math.Abs(FrechetDistance.Compute(Gaussian(50_000, m1, l1, 4), Gaussian(50_000, m2, l2, 5)) - exact);
        // The estimate's error shrinks like sqrt(d / n): ~0.02 at n = 50,000 for this d = 4 pair with exact distance ~2;
        // 0.06 is three such standard errors. At n = 200 the bias alone (~d/n per set) is already larger.
        Assert.True(large < 0.06, $"exact {exact}, |error| at n = 50,000: {large}");
        Assert.True(large < small, $"error at n = 200: {small}, at n = 50,000: {large}");
    }

    [Fact]
    public void Fewer_samples_than_dimensions_is_refused_with_a_pointer_to_KID()
    {
        using var x = torch.randn(10, 16, dtype: ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(x, x, "generated", "reference"));
        Assert.Contains("generated", error.Message);
        Assert.Contains("KID", error.Message);
        Assert.Contains("singular", error.Message);
    }

    [Fact]
    public void Mismatched_dimensions_and_NaN_features_name_the_offending_input()
    {
        using var a = torch.randn(50, 4, dtype: ScalarType.Float64);
        using var b = torch.randn(50, 5, dtype: ScalarType.Float64);
        var mismatch = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(a, b, "A.csv", "B.csv"));
        Assert.Contains("A.csv has d = 4", mismatch.Message);
        Assert.Contains("B.csv has d = 5", mismatch.Message);

        using var withNan = a.clone();
        withNan[7, 2] = torch.tensor(double.NaN);
        var nan = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(a, withNan, "A.csv", "B.csv"));
        Assert.Contains("B.csv", nan.Message);
        Assert.Contains("row 7", nan.Message);
    }
}
