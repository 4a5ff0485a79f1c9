using Ddim.Teaching.LatentPaths;
using Ddim.Teaching.Ode;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class InterpolationStripsTests
{
    [Fact]
    public void Paths_lays_out_a_slerp_then_a_lerp_path_per_pair_each_from_the_first_to_the_second_latent()
    {
        var latents = randn(new long[] { 4, 1, 3, 3 }, dtype: float64, generator: new Generator(1));
        var paths = InterpolationStrips.Paths(latents, points: 5);
        Assert.Equal(new long[] { 20, 1, 3, 3 }, paths.shape);
        for (int p = 0; p < 2; p++)
        {
            var slerp = paths[(10 * p)..(10 * p + 5)];
            var lerp = paths[(10 * p + 5)..(10 * p + 10)];
            Assert.True(Stats.MaxAbsDiff(slerp, Interpolation.Path(latents[2 * p], latents[2 * p + 1], 5, spherical: true)) == 0);
            Assert.True(Stats.MaxAbsDiff(lerp, Interpolation.Path(latents[2 * p], latents[2 * p + 1], 5, spherical: false)) == 0);
            Assert.True(Stats.MaxAbsDiff(lerp[0], latents[2 * p]) < 1e-12 && Stats.MaxAbsDiff(lerp[4], latents[2 * p + 1]) < 1e-12);
        }
    }

    [Fact]
    public void Paths_refuses_an_odd_number_of_latents_naming_the_count()
    {
        var ex = Assert.Throws<ArgumentException>(() => InterpolationStrips.Paths(zeros(3, 1, 2, 2)));
        Assert.Contains("3 latents", ex.Message);
    }

    [Fact]
    public void Mean_rms_distance_averages_each_alpha_over_the_pairs_per_path()
    {
        // Two pairs, 2 points: image k is the constant c_k; the reference is 0, so each RMS distance is |c_k|.
        double[] c = [0.1, -0.2, 0.3, 0.4,   0.5, 0.6, -0.7, 0.8];   // pair 0: slerp 0.1, -0.2; lerp 0.3, 0.4; pair 1 ...
        var strips = tensor(c, dtype: float64).reshape(8, 1, 1, 1).expand(8, 1, 2, 2);
        var profile = InterpolationStrips.MeanRmsDistance(strips, zeros(1, 2, 2, dtype: float64), points: 2);
        Near([0.3, 0.4], profile.Slerp);
        Near([0.5, 0.6], profile.Lerp);
    }

    [Fact]
    public void Mean_brightness_maps_minus_one_to_zero_and_one_to_one_and_clips_outside()
    {
        double[] c = [-1, 1, 0, 3];   // one pair, 2 points: slerp black, white; lerp grey, over-range (clipped to white)
        var strips = tensor(c, dtype: float64).reshape(4, 1, 1, 1).expand(4, 1, 3, 3);
        var profile = InterpolationStrips.MeanBrightness(strips, points: 2);
        Near([0.0, 1.0], profile.Slerp);
        Near([0.5, 1.0], profile.Lerp);
    }

    private static void Near(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"alpha index {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void Strip_statistics_refuse_a_batch_that_is_not_whole_pairs_of_paths()
    {
        var ex = Assert.Throws<ArgumentException>(() => InterpolationStrips.MeanBrightness(zeros(21, 1, 2, 2), points: 11));
        Assert.Contains("21 images", ex.Message);
    }
}
