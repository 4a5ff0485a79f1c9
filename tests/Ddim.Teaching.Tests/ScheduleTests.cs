using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Tests;

public class ScheduleTests
{
    [Fact]
    public void Default_linear_alpha_bar_matches_an_independent_decimal_product()
    {
        // Independent computation in System.Decimal (28 significant digits): beta_i = 1e-4 + i (0.02 - 1e-4)/999,
        // alpha-bar_t = prod_{i<=t} (1 - beta_i). Decimal rounding (~1e-28 per factor) is far below double's 1e-16.
        var schedule = NoiseSchedule.Linear();
        decimal product = 1m;
        for (int i = 0; i < 1000; i++)
        {
            decimal beta = 0.0001m + i * 0.0199m / 999m;
            product *= 1m - beta;
            Assert.Equal((double)product, schedule.AlphaBar(i), 1e-13 * (double)product);
        }
    }

    [Theory]
    // Exact rational arithmetic (Python fractions.Fraction over the same definition), printed to 16 digits.
    [InlineData(0, 0.9999)]
    [InlineData(1, 0.9997800920720721)]
    [InlineData(99, 0.8970181456749604)]
    [InlineData(499, 0.07858724288177824)]
    [InlineData(999, 4.035829765375683e-05)]
    public void Default_linear_alpha_bar_has_the_pinned_values(int t, double expected)
    {
        // Double accumulates ~T ulp of relative error over the product: 1e-12 relative is generous and still tight.
        Assert.Equal(expected, NoiseSchedule.Linear().AlphaBar(t), Math.Abs(expected) * 1e-12);
    }

    [Fact]
    public void Alpha_bar_before_the_first_step_is_one()
    {
        foreach (ScheduleKind kind in Enum.GetValues<ScheduleKind>())
        {
            var s = NoiseSchedule.Create(kind);
            Assert.Equal(1.0, s.AlphaBar(-1));
            Assert.Equal(1.0, s.AlphaBarPrev(0));
            Assert.Equal(s.AlphaBar(41), s.AlphaBarPrev(42));
            Assert.True(double.IsPositiveInfinity(s.Snr(-1)));
        }
    }

    [Fact]
    public void Named_schedules_follow_their_defining_formulas()
    {
        // Quadratic: sqrt(beta) is linear, so its endpoints are beta_start and beta_end and its midpoint differences are constant.
        var quad = NoiseSchedule.Quadratic(11, 1e-4, 0.02);
        Assert.Equal(1e-4, quad.Beta(0), 1e-18);
        Assert.Equal(0.02, quad.Beta(10), 1e-16);
        Assert.Equal((Math.Sqrt(1e-4) + Math.Sqrt(0.02)) / 2, Math.Sqrt(quad.Beta(5)), 1e-15);

        // Sigmoid: symmetric around the middle, beta_t + beta_{T-1-t} = beta_start + beta_end (sigmoid(-u) = 1 - sigmoid(u)).
        var sig = NoiseSchedule.Sigmoid(100);
        for (int t = 0; t < 100; t++)
            Assert.Equal(1e-4 + 0.02, sig.Beta(t) + sig.Beta(99 - t), 1e-15);
        Assert.Equal(1 / (1 + Math.Exp(6)) * (0.02 - 1e-4) + 1e-4, sig.Beta(0), 1e-17);

        // Constant: alpha-bar_t = (1 - beta)^(t+1).
        var c = NoiseSchedule.Constant(50, 0.03);
        Assert.Equal(Math.Pow(0.97, 50), c.AlphaBar(49), 1e-15);

        // jsd: alpha-bar_t = prod_{i<=t} (T-1-i)/(T-i) telescopes to (T-1-t)/T, exactly 0 at the last step.
        var jsd = NoiseSchedule.Jsd(20);
        Assert.Equal(1.0 / 20, jsd.Beta(0), 1e-17);
        Assert.Equal(1.0, jsd.Beta(19));
        for (int t = 0; t < 20; t++)
            Assert.Equal((19.0 - t) / 20, jsd.AlphaBar(t), 1e-15);

        // Cosine: alpha-bar_t = f(t+1)/f(0) wherever the 0.999 cap is inactive (the product of f(i+1)/f(i) telescopes).
        var cos = NoiseSchedule.Cosine(1000);
        double F(double u) => Math.Pow(Math.Cos((u / 1000 + 0.008) / 1.008 * Math.PI / 2), 2);
        foreach (int t in new[] { 0, 10, 500, 900, 990 })
            Assert.Equal(F(t + 1) / F(0), cos.AlphaBar(t), 1e-12);
        Assert.Equal(0.999, cos.Beta(999));
    }

    [Fact]
    public void Plot_arrays_agree_with_the_scalar_accessors()
    {
        var s = NoiseSchedule.Cosine(64);
        Assert.Equal(64, s.Betas.Length);
        for (int t = 0; t < 64; t++)
        {
            Assert.Equal(1 - s.Betas[t], s.Alphas[t]);
            Assert.Equal(s.AlphaBar(t), s.AlphaBars[t]);
            Assert.Equal(s.AlphaBar(t) / (1 - s.AlphaBar(t)), s.Snrs[t]);
        }
        // Alpha-bar decreases strictly: every beta is positive.
        Assert.All(Enumerable.Range(1, 63), t => Assert.True(s.AlphaBar(t) < s.AlphaBar(t - 1)));
    }

    [Fact]
    public void Bad_schedule_inputs_are_refused_with_the_argument_named()
    {
        Assert.Contains("T is 0", Assert.Throws<ArgumentException>(() => NoiseSchedule.Linear(0)).Message);
        Assert.Contains("betaEnd is 1.5", Assert.Throws<ArgumentException>(() => NoiseSchedule.Linear(10, 1e-4, 1.5)).Message);
        Assert.Contains("beta at t=1 is 0", Assert.Throws<ArgumentException>(() => new NoiseSchedule(new[] { 0.1, 0.0 })).Message);
        var unknown = Assert.Throws<ArgumentException>(() => NoiseSchedule.ParseKind("cubic"));
        Assert.Contains("Unknown schedule 'cubic'", unknown.Message);
        Assert.Equal("name", unknown.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseSchedule.Linear(10).AlphaBar(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseSchedule.Linear(10).AlphaBar(-2));
        Assert.Equal(ScheduleKind.Quadratic, NoiseSchedule.ParseKind("Quad"));
    }
}
