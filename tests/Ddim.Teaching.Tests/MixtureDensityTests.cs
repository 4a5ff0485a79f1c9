using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Tests;

public class MixtureDensityTests
{
    private static double LogNormal2d(double x, double y, double mx, double my, double v) =>
        -Math.Log(2 * Math.PI * v) - ((x - mx) * (x - mx) + (y - my) * (y - my)) / (2 * v);

    [Fact]
    public void Mixture_log_density_at_t_minus_1_is_the_data_density_and_at_t_the_diffused_one()
    {
        var schedule = NoiseSchedule.Linear();
        var mixture = new GaussianMixtureNoisePredictor(schedule, [1, 3], [[1.0, 0.0], [-1.0, 2.0]], [0.5, 0.2]);
        double Expected(double x, double y, double a) => Math.Log(
            0.25 * Math.Exp(LogNormal2d(x, y, Math.Sqrt(a) * 1, 0, a * 0.25 + 1 - a)) +
            0.75 * Math.Exp(LogNormal2d(x, y, Math.Sqrt(a) * -1, Math.Sqrt(a) * 2, a * 0.04 + 1 - a)));
        Assert.Equal(Expected(0.3, 0.7, 1), mixture.LogMarginalDensity([0.3, 0.7], -1), 12);
        Assert.Equal(Expected(0.3, 0.7, schedule.AlphaBar(499)), mixture.LogMarginalDensity([0.3, 0.7], 499), 12);
    }

    [Fact]
    public void Mixture_log_density_is_finite_far_from_every_component_and_refuses_the_wrong_dimension()
    {
        var ring = GaussianMixtureNoisePredictor.Ring(NoiseSchedule.Linear());
        Assert.True(double.IsFinite(ring.LogMarginalDensity([40.0, -40.0], -1)));    // log-sum-exp: no underflow to -inf
        var e = Assert.Throws<ArgumentException>(() => ring.LogMarginalDensity([1.0], 0));
        Assert.Contains("x has 1 coordinates; this mixture lives in D = 2", e.Message);
    }
}
