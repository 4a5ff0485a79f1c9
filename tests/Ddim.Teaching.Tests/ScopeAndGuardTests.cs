using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Ode;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class ScopeAndGuardTests
{
    [Fact]
    public void A_recorded_trajectory_stays_in_the_callers_dispose_scope()
    {
        var schedule = NoiseSchedule.Linear();
        var model = new GaussianNoisePredictor(schedule, 0.2, 0.5, 3);
        var sampler = new DdimSampler(schedule);
        var sequence = TimestepSequence.Create(SkipKind.Uniform, schedule.T, 5);
        SampleResult result;
        using (NewDisposeScope())
        {
            result = sampler.Sample(model, randn(4, 3, dtype: float64), sequence, SamplerNoise.Deterministic, recordTrajectory: true);
            Assert.Same(result.Trajectory[^1], result.X0);
        }
        // Everything the sampler returned belonged to the scope above, so nothing outlives it.
        Assert.True(result.X0.IsInvalid);
        Assert.All(result.Trajectory, t => Assert.True(t.IsInvalid));
    }

    [Fact]
    public void The_ode_refuses_to_start_where_alpha_bar_is_zero()
    {
        var jsd = NoiseSchedule.Jsd();
        Assert.Equal(0.0, jsd.AlphaBar(jsd.T - 1));
        var model = new GaussianNoisePredictor(jsd, 0.0, 1.0, 2);
        var sequence = TimestepSequence.Create(SkipKind.Linear, jsd.T, 10);
        var e = Assert.Throws<ArgumentException>(() => new DdimOde(jsd).Solve(model, randn(2, 2, dtype: float64), sequence, OdeDiscretisation.Sigma));
        Assert.Contains($"alpha-bar at t = {jsd.T - 1} is 0", e.Message);
    }
}
