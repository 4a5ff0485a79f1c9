using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class ForwardTableTests
{
    [Fact]
    public void Training_time_q_sample_uses_coefficients_computed_in_double_then_cast_once()
    {
        // The trainer's line: x_t = sqrt(a_t) x_0 + sqrt(1 - a_t) eps with per-sample t, the coefficients taken in double
        // from the schedule and cast to float32 (bit for bit what the trainer computed before it called Forward).
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear();
        using var g = Seeded.Generator(1);
        var x0 = Seeded.Rand([64, 1, 4, 4], g) * 2 - 1;
        var eps = Seeded.Randn([64, 1, 4, 4], g);
        var t = Seeded.Randint(schedule.T, [64], g);
        var mean = tensor(schedule.AlphaBars.Select(Math.Sqrt).ToArray(), dtype: ScalarType.Float32);
        var std = tensor(schedule.AlphaBars.Select(a => Math.Sqrt(1 - a)).ToArray(), dtype: ScalarType.Float32);
        var expected = mean.index_select(0, t).view(-1, 1, 1, 1) * x0 + std.index_select(0, t).view(-1, 1, 1, 1) * eps;
        var xt = Forward.SampleMarginal(schedule, x0, t, eps);
        Assert.True(xt.eq(expected).all().item<bool>());
        Assert.Equal(ScalarType.Float32, xt.dtype);
    }

    [Fact]
    public void Per_sample_alpha_bar_is_the_schedule_value_in_the_dtype_and_shape_of_the_batch()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear();
        var t = tensor(new long[] { 0, 499, 999 });
        var like = zeros(3, 2, dtype: ScalarType.Float64);
        var a = Forward.AlphaBarPerSample(schedule, t, like);
        Assert.Equal(new long[] { 3, 1 }, a.shape);
        Assert.Equal([schedule.AlphaBar(0), schedule.AlphaBar(499), schedule.AlphaBar(999)], a.reshape(-1).data<double>().ToArray());
        // A second call on the same schedule and device reads the same cached table: same values, no rebuild needed.
        Assert.True(Forward.AlphaBarPerSample(schedule, t, like).eq(a).all().item<bool>());
    }
}
