using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Data;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Schedules;
using Ddim.Teaching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

/// <summary>The library calls that keep notebook 04's cells short: L_simple on fresh draws, mixture scores, live redraws, the checkpoint record.</summary>
public class NotebookHelperTests
{
    private sealed class ZeroPredictor : INoisePredictor
    {
        public Tensor PredictNoise(Tensor xt, Tensor t) => zeros_like(xt);
    }

    [Fact]
    public void L_simple_of_a_predictor_that_says_zero_is_the_variance_of_eps_and_the_exact_predictor_scores_far_lower()
    {
        var schedule = NoiseSchedule.Linear();
        var ring = Toy2d.Ring();
        var data = Toy2d.SampleMixture(ring, 20_000, seed: 0);
        double zero = SimpleLoss.Estimate(new ZeroPredictor(), schedule, data, 20_000, seed: 1);
        Assert.InRange(zero, 0.97, 1.03);                                   // E eps^2 = 1; se about 0.01 at n = 20,000 x 2
        double exact = SimpleLoss.Estimate(GaussianMixtureNoisePredictor.Ring(schedule), schedule, data, 20_000, seed: 1);
        Assert.True(exact < 0.5 * zero, $"the exact eps* scores {exact}, the zero predictor {zero}");
        Assert.Equal(exact, SimpleLoss.Estimate(GaussianMixtureNoisePredictor.Ring(schedule), schedule, data, 20_000, seed: 1));   // same seed, same draw
        Assert.Throws<ArgumentOutOfRangeException>(() => SimpleLoss.Estimate(new ZeroPredictor(), schedule, data, 0, seed: 1));
    }

    [Fact]
    public void Mixture_scores_are_the_exact_log_density_and_the_share_of_points_near_a_mode()
    {
        var mixture = new GaussianMixture2d([(0, 0), (4, 0)], [0.25, 0.75], 0.5);
        var x = tensor(new double[] { 0, 0, 4, 1, 10, 10 }).view(3, 2);
        static double LogN(double dx, double dy, double s) => -Math.Log(2 * Math.PI * s * s) - (dx * dx + dy * dy) / (2 * s * s);
        double LogP(double px, double py) => Math.Log(0.25 * Math.Exp(LogN(px, py, 0.5)) + 0.75 * Math.Exp(LogN(px - 4, py, 0.5)));
        Assert.Equal((LogP(0, 0) + LogP(4, 1) + LogP(10, 10)) / 3, MixtureScores.MeanLogDensity(mixture, x), 9);
        Assert.Equal(1.0 / 3, MixtureScores.ShareNearMode(mixture, x, 0.9), 12);      // only (0, 0); (4, 1) is 1 away
        Assert.Equal(2.0 / 3, MixtureScores.ShareNearMode(mixture, x, 1.1), 12);
        var e = Assert.Throws<ArgumentException>(() => MixtureScores.ShareNearMode(mixture, zeros(3, 3), 1));
        Assert.Contains("give [N, 2] points", e.Message);
    }

    [Fact]
    public void Live_redraw_draws_samples_every_n_steps_and_both_views_at_the_last_step_however_fast_the_steps_come()
    {
        var loss = new List<long>();
        var samples = new List<long>();
        var progress = LiveRedraw.Every(TimeSpan.FromHours(1), samplesEvery: 4, p => loss.Add(p.Step), p => samples.Add(p.Step));
        for (long step = 1; step <= 10; step++) progress(new TrainingProgress(step, 10, 1, 1, 0, TimeSpan.Zero));
        Assert.Equal([10L], loss);                                            // within the hour only the last step draws the loss
        Assert.Equal([4L, 8L, 10L], samples);
        var every = new List<long>();
        var eager = LiveRedraw.Every(TimeSpan.Zero, samplesEvery: 100, p => every.Add(p.Step), _ => { });
        for (long step = 1; step <= 3; step++) eager(new TrainingProgress(step, 3, 1, 1, 0, TimeSpan.Zero));
        Assert.Equal([1L, 2L, 3L], every);
    }

    [Fact]
    public void The_checkpoint_table_shows_the_shipped_runs_own_record()
    {
        using var shipped = TrainedModel.Load(ShippedModels.UNetFashion);
        var table = CheckpointTable.Of(shipped);
        string Row(string name) => (string)table.Rows.Single(r => (string)r[0]! == name)[1]!;
        Assert.Contains($"{shipped.Metadata.Step} steps of batch {shipped.Metadata.Training.BatchSize}", Row("training"));
        Assert.Contains($"T = {shipped.Metadata.Schedule.T}", Row("schedule"));
        Assert.Contains($"{shipped.Network.ParameterCount:N0} parameters", Row("model"));
        Assert.Equal(shipped.Path, Row("file"));
    }
}
