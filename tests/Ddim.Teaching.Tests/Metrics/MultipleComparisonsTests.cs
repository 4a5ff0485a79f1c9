using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;

namespace Ddim.Teaching.Tests.Metrics;

public class MultipleComparisonsTests
{
    [Fact]
    public void Holm_multiplies_the_kth_smallest_p_by_m_minus_k_and_keeps_the_order_monotone()
    {
        // Sorted: 0.005 x 4 = 0.02, 0.01 x 3 = 0.03, 0.03 x 2 = 0.06, 0.04 x 1 = 0.04 -> running max 0.06.
        var adjusted = MultipleComparisons.Holm([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
    }

    [Fact]
    public void Holm_is_never_stricter_than_Bonferroni_and_caps_at_one()
    {
        double[] p = [0.2, 0.001, 0.5, 0.03, 0.0004];
        var holm = MultipleComparisons.Holm(p);
        var bonferroni = MultipleComparisons.Bonferroni(p);
        Assert.All(holm.Zip(bonferroni), pair => Assert.True(pair.First <= pair.Second + 1e-15));
        Assert.All(holm, q => Assert.InRange(q, 0, 1));
        Assert.Equal(1.0, MultipleComparisons.Holm([0.6, 0.7])[1]);
    }

    [Fact]
    public void P_values_outside_zero_to_one_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => MultipleComparisons.Holm([0.1, 1.5]));
        Assert.Contains("1.5", e.Message);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(1.959964, 0.05)]
    [InlineData(-2.575829, 0.01)]
    [InlineData(3.290527, 0.001)]
    public void Two_sided_normal_p_values_match_the_textbook_quantiles(double z, double p) =>
        Assert.Equal(p, StandardNormal.TwoSidedP(z), 1e-6);
}

public class UnpairedKidTests
{
    private static SweepRow Row(double kid, double? se) =>
        new("w", 10, Ddim.Teaching.Sampling.SamplerNoise.Deterministic, "uniform", 100, 1.0, kid, se, 1, 10, "identity");

    [Fact]
    public void Z_is_the_KID_gap_in_combined_standard_errors_and_positive_when_a_is_better()
    {
        Assert.Equal(2.0, UnpairedKid.Z(Row(1.0, 3.0), Row(11.0, 4.0)), 12);
        Assert.Equal(-2.0, UnpairedKid.Z(Row(11.0, 4.0), Row(1.0, 3.0)), 12);
        Assert.Throws<ArgumentException>(() => UnpairedKid.Z(Row(1.0, null), Row(2.0, 1.0)));
    }
}
