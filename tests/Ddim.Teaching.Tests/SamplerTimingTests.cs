using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class SamplerTimingTests
{
    [Fact]
    public void Timing_reports_one_model_call_per_step_and_positive_times_in_the_order_asked()
    {
        var schedule = NoiseSchedule.Linear();
        var model = new GaussianNoisePredictor(schedule, new DiagonalGaussian([0.1, -0.2], [0.25, 0.64]));
        using var xT = randn(4, 2, dtype: float64);
        var timings = SamplerTiming.Measure(new DdimSampler(schedule), model, xT, [50, 10, 200], rounds: 2, singleRunFrom: 200);
        Assert.Equal([50, 10, 200], timings.Select(t => t.Steps));
        Assert.All(timings, t => Assert.Equal(t.Steps, t.ModelCalls));
        Assert.All(timings, t => Assert.True(t.WallSeconds > 0 && t.CpuSeconds >= 0, $"S = {t.Steps}: wall {t.WallSeconds}, CPU {t.CpuSeconds}"));
    }

    [Fact]
    public void A_step_count_outside_one_to_T_is_refused()
    {
        var schedule = NoiseSchedule.Linear();
        using var xT = randn(1, 2, dtype: float64);
        var e = Assert.Throws<ArgumentException>(() =>
            SamplerTiming.Measure(new DdimSampler(schedule), new GaussianNoisePredictor(schedule, DiagonalGaussian.StandardNormal(2)), xT, [0]));
        Assert.Contains("S = 0", e.Message);
    }
}
