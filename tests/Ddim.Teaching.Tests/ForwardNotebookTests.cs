using Ddim.Teaching.Data;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class ForwardNotebookTests
{
    [Fact]
    public void Forward_chain_check_finds_the_closed_form_marginal_after_simulating_every_step()
    {
        var s = NoiseSchedule.Linear();
        var check = ForwardChainCheck.Run(s, [-1.0, 1.5], 2_000, [0, 99, 999], shown: 1, new Generator(2));
        Assert.Equal(6, check.Rows.Count);
        Assert.True(check.WorstZ < 5, $"largest |z| {check.WorstZ}");
        var end = check.Rows.Single(r => r.PaperT == 1000 && r.X0 == 1.5);
        Assert.Equal(Math.Sqrt(s.AlphaBar(999)) * 1.5, end.ExpectedMean, 12);
        Assert.Equal(1 - s.AlphaBar(999), end.ExpectedVariance, 12);
        Assert.Equal(101, check.TraceSteps.Count);                       // t = 1, then every 10 steps
        Assert.Equal(2, check.TraceSeries().Count);
        Assert.Contains("2000 simulated chains", check.Table().Caption);
    }

    [Fact]
    public void Forward_chain_check_sees_a_wrong_schedule_as_a_large_z()
    {
        var simulated = NoiseSchedule.Create(ScheduleKind.Cosine);
        var check = ForwardChainCheck.Run(simulated, [1.5], 2_000, [299], shown: 0, new Generator(2));
        var linear = NoiseSchedule.Linear();
        var row = check.Rows.Single();
        double zAgainstLinear = (row.Mean - Math.Sqrt(linear.AlphaBar(299)) * 1.5) / Math.Sqrt((1 - linear.AlphaBar(299)) / 2_000);
        Assert.True(Math.Abs(zAgainstLinear) > 5, $"z against the linear schedule's marginal {zAgainstLinear}");
    }

    [Fact]
    public void Ring_clouds_have_the_second_moment_of_the_closed_form_and_start_from_the_data()
    {
        var s = NoiseSchedule.Linear();
        var ring = GaussianMixtureNoisePredictor.Ring(s);
        var clouds = RingMarginalCheck.Run(s, ring, 2_000, [9, 499, 999], new Generator(5));
        Assert.Equal(4, clouds.Count);
        Assert.Equal(-1, clouds[0].LibraryT);
        foreach (var c in clouds.Skip(1))
        {
            double a = s.AlphaBar(c.LibraryT), expected = a * (4 + 2 * ring.Stds[0] * ring.Stds[0]) + 2 * (1 - a);
            Assert.True(Math.Abs(c.MeanSquaredNorm - expected) < 5 * c.StandardError, $"t {c.LibraryT + 1}: {c.MeanSquaredNorm} vs {expected}");
        }
        Assert.InRange(clouds[0].MeanSquaredNorm, 3.9, 4.1);             // the ring's radius is 2
        Assert.Equal(4, clouds.Frames().Count);
    }

    [Fact]
    public void Noising_strip_puts_the_clean_image_first_and_one_row_per_image()
    {
        var s = NoiseSchedule.Linear();
        var images = rand(3, 1, 28, 28, dtype: float64);
        var noise = randn_like(images);
        var tiles = NoisingStrip.Tiles(s, images, [0, 99, 999], noise);
        Assert.Equal(new long[] { 9, 1, 28, 28 }, tiles.shape);
        Assert.True(tiles[3].eq(images[1]).all().item<bool>());
        Assert.True(tiles[5].allclose(Forward.SampleMarginal(s, images[1], 999, noise[1])));
    }

    [Fact]
    public void Preview_falls_back_to_a_synthetic_pattern_and_says_so_when_the_data_is_missing()
    {
        var preview = PreviewImages.FirstTest(4, Path.Combine(Path.GetTempPath(), "no-fashion-mnist-here"));
        Assert.True(preview.Synthetic);
        Assert.Equal(new long[] { 4, 1, 28, 28 }, preview.Images.shape);
        Assert.Contains("SYNTHETIC", preview.Source);
    }
}
