using Ddim.Teaching.Plotting;
using Plotly.NET;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class TrainingPlotTests
{
    [Fact]
    public void Loss_buckets_keep_the_mean_and_end_at_the_last_step()
    {
        var history = Enumerable.Range(1, 1000).Select(i => (float)(1.0 / i)).ToArray();
        var (steps, loss) = TrainingPlots.Buckets(history, maxPoints: 400);
        // 1000 steps into at most 400 points: buckets of 3, the last holding the single step 1000.
        Assert.Equal(334, steps.Length);
        Assert.Equal(1000, steps[^1]);
        Assert.Equal((1.0 + 1.0 / 2 + 1.0 / 3) / 3, loss[0], 6);
        double weighted = loss.Select((l, i) => l * (steps[i] - (i == 0 ? 0 : steps[i - 1]))).Sum();
        // float32 history summed in double: agreement to ~1e-6 relative.
        Assert.Equal(history.Sum(v => (double)v), weighted, 5);
    }

    [Fact]
    public void Short_histories_are_drawn_step_by_step()
    {
        var (steps, loss) = TrainingPlots.Buckets([0.5f, 0.25f], maxPoints: 400);
        Assert.Equal([1.0, 2.0], steps);
        Assert.Equal([0.5, 0.25], loss);
    }

    [Fact]
    public void Loss_curve_draws_the_floor_when_given()
    {
        var chart = TrainingPlots.LossCurve([1f, 0.5f, 0.4f], "loss", floor: 0.3);
        Assert.Equal(3, GenericChart.getTraces(chart).Count());
        Assert.Equal(2, GenericChart.getTraces(TrainingPlots.LossCurve([1f], "loss")).Count());
    }

    [Fact]
    public void Points_reject_a_tensor_that_is_not_a_list_of_2d_points()
    {
        var cloud = TrainingPlots.Points("p", tensor(new float[] { 1, 2, 3, 4 }).view(2, 2));
        Assert.Equal([1.0, 3.0], cloud.X);
        Assert.Equal([2.0, 4.0], cloud.Y);
        var e = Assert.Throws<ArgumentException>(() => TrainingPlots.Points("p", zeros(3, 3)));
        Assert.Contains("[N, 2]", e.Message);
    }
}
