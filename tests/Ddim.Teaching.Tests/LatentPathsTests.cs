using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Data;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.LatentPaths;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Ode;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

/// <summary>The machinery of notebook 07: path norms and steps, shared-noise decoding, latent grids, principal planes, path grids.</summary>
public class LatentPathsTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Create(ScheduleKind.Linear);

    [Fact]
    public void Between_orthogonal_latents_of_equal_norm_slerp_keeps_the_norm_and_the_lerp_midpoint_has_norm_over_root_two()
    {
        var starts = tensor(new[] { 3.0, 0.0, 0.0, 2.0 }, dtype: float64).reshape(2, 2);
        var ends = tensor(new[] { 0.0, 3.0, -2.0, 0.0 }, dtype: float64).reshape(2, 2);
        var norms = PathNorms.Measure(starts, ends, points: 11);
        Assert.Equal(22, norms.AllSlerp.Length);
        Assert.All(norms.Slerp[0], n => Assert.Equal(3, n, 12));
        Assert.All(norms.Slerp[1], n => Assert.Equal(2, n, 12));
        var mid = norms.LerpAt(5);
        Assert.Equal(3 / Math.Sqrt(2), mid[0], 12);
        Assert.Equal(2 / Math.Sqrt(2), mid[1], 12);
        Assert.Equal(3, norms.Lerp[0][0], 12);
    }

    [Fact]
    public void Step_lengths_of_an_evenly_spaced_straight_path_are_equal_and_the_end_to_end_mse_is_the_pixel_mse_of_the_ends()
    {
        var path = Interpolation.Path(zeros(1, 2, 2, dtype: float64), ones(1, 2, 2, dtype: float64), 5, spherical: false);
        Assert.All(PathSteps.Lengths(path), l => Assert.Equal(0.25 * 2, l, 12));   // |(0.25, 0.25, 0.25, 0.25)| = 0.5
        Assert.Equal(ReconstructionError.PerDimensionMse(path[..1], path[4..]), PathSteps.EndToEndMse(path), 12);
        Assert.Equal(Math.Pow(0.25 / 2, 2), PathSteps.NeighbourMse(path), 12);      // [-1, 1] step 0.25 is 0.125 in [0, 1] pixels
        Assert.Throws<ArgumentException>(() => PathSteps.Lengths(zeros(1, 3)));
    }

    [Fact]
    public void Shared_noise_decoding_is_a_function_of_the_latent_alone_whatever_else_is_in_the_batch()
    {
        var ring = GaussianMixtureNoisePredictor.Ring(Linear);
        var seq = TimestepSequence.Uniform(Linear.T, 10);
        var xT = randn(3, 2, dtype: float64, generator: new Generator(4));
        var together = SharedNoiseDecoding.Decode(Linear, ring, xT, seq, seed: 5);
        var alone = SharedNoiseDecoding.Decode(Linear, ring, xT[1..2], seq, seed: 5);
        Assert.True(Stats.MaxAbsDiff(together[1..2], alone) < 1e-12);
        var twin = SharedNoiseDecoding.Decode(Linear, ring, cat([xT[..1], xT[..1]]), seq, seed: 5);
        Assert.True(Stats.MaxAbsDiff(twin[0], twin[1]) == 0);
        var otherSeed = SharedNoiseDecoding.Decode(Linear, ring, xT, seq, seed: 6);
        Assert.True(Stats.MaxAbsDiff(together, otherSeed) > 1e-3, "the shared draw comes from the seed");
    }

    [Fact]
    public void A_latent_grid_has_the_corners_at_its_corners_and_every_point_between_the_corner_norms()
    {
        var corners = randn(4, 1, 4, 4, dtype: float64, generator: new Generator(3));
        var grid = LatentGrid.Between(corners, side: 4);
        Assert.Equal(new long[] { 16, 1, 4, 4 }, grid.shape);
        foreach (var (at, corner) in new[] { (0, 0), (3, 1), (12, 2), (15, 3) })
            Assert.True(Stats.MaxAbsDiff(grid[at], corners[corner]) < 1e-12, $"grid point {at} is corner {corner}");
        var norms = grid.flatten(1).norm(1);
        var cornerNorms = corners.flatten(1).norm(1);
        Assert.True(norms.min().item<double>() >= 0.8 * cornerNorms.min().item<double>());
        Assert.Throws<ArgumentException>(() => LatentGrid.Between(corners[..3], 4));
    }

    [Fact]
    public void Points_in_a_plane_through_the_origin_have_all_their_energy_in_two_directions_and_keep_their_distances_when_projected()
    {
        var basis = linalg.qr(randn(6, 2, dtype: float64, generator: new Generator(8))).Q;   // [6, 2], orthonormal columns
        var coefficients = randn(10, 2, dtype: float64, generator: new Generator(9));
        var points = coefficients.matmul(basis.T);                                          // [10, 6] in the plane
        var plane = PrincipalPlane.Fit(points, centred: false);
        Assert.Equal(1, plane.PlaneEnergy, 10);
        var projected = plane.Project(points);
        Assert.Equal(cdist(points, points).max().item<double>(), cdist(projected, projected).max().item<double>(), 10);
        var centred = PrincipalPlane.Fit(points + 5, centred: true);
        Assert.Equal(1, centred.PlaneEnergy, 10);
    }

    [Fact]
    public void With_eta_zero_the_latent_explains_all_of_the_output_variance_and_with_eta_one_almost_none()
    {
        var seq = TimestepSequence.Uniform(Linear.T, 50);
        Assert.Equal(1, LatentShare.Explained(Linear, 0.5, seq, SamplerNoise.Deterministic), 9);
        Assert.InRange(LatentShare.Explained(Linear, 0.5, seq, SamplerNoise.Ddpm), 0, 1e-3);
        Assert.True(LatentShare.Explained(Linear, 0.5, seq, SamplerNoise.FromEta(0.5)) < LatentShare.Explained(Linear, 0.5, seq, SamplerNoise.FromEta(0.2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LatentShare.Explained(Linear, 0, seq, SamplerNoise.Ddpm));
    }

    [Fact]
    public void A_plane_plot_has_equal_axis_scales_and_one_trajectory_per_picked_point()
    {
        var states = Enumerable.Range(0, 3).Select(k => full(4, 2, (double)k, dtype: float64)).ToList();
        var curves = PlanePlot.Trajectories(states, i => $"point {i}", [0, 2]).ToList();
        Assert.Equal(["point 0", "point 2"], curves.Select(c => c.Name));
        Assert.Equal([0.0, 1, 2], curves[0].X);
        string json = Plotly.NET.GenericChart.toChartHTML(PlanePlot.Of("plane", "x", "y", curves, [PlanePlot.Curve("means", zeros(2, 2))]));
        Assert.Contains("\"scaleanchor\":\"x\"", json.Replace(" ", ""));
        Assert.Throws<ArgumentException>(() => PlanePlot.Curve("bad", zeros(3)));
    }

    [Fact]
    public void Path_strips_are_shown_one_path_a_row_labelled_by_pair_and_path_with_alpha_columns()
    {
        var html = PathGrids.Strips(zeros(44, 1, 28, 28), points: 11, caption: "two pairs").ToHtml();
        Assert.Contains("<div>pair 1, lerp</div>", html);
        Assert.Contains("<div>α 0.5</div>", html);
        Assert.Throws<ArgumentException>(() => PathGrids.Strips(zeros(33, 1, 28, 28), 11, ""));
        Assert.Throws<ArgumentException>(() => PathGrids.Rows(zeros(22, 1, 28, 28), ["a", "b", "c"], ""));
    }

    [Fact]
    public void A_missing_checkpoint_loads_as_null_with_a_message_that_names_it_and_how_to_make_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-checkpoint.ckpt");
        Assert.Null(ShippedModels.TryLoad(path, null, out string skipped));
        Assert.Contains(path, skipped);
        Assert.Contains("ddim train", skipped);
    }

    [Fact]
    public void Strip_classification_gives_every_image_a_label_and_a_confidence_in_a_table_row_per_path()
    {
        using var classifier = new ClassifierFeatures(new FashionClassifier());
        manual_seed(1);
        var judged = StripClassification.Of(classifier, randn(22, 1, 28, 28).clamp(-1, 1), points: 11);
        Assert.All(judged.Label[0].SelectMany(l => l), l => Assert.InRange(l, 0, 9));
        Assert.InRange(judged.MeanConfidence(1, 5), 0.1, 1);
        var table = judged.ToTable(FashionMnist.ClassNames);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(12, table.Headers.Count);
        Assert.Throws<ArgumentException>(() => StripClassification.Of(classifier, zeros(21, 1, 28, 28)));
    }
}
