using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Data;

/// <summary>
/// An isotropic Gaussian mixture in the plane: component k has weight Weights[k], mean Means[k] and covariance
/// Std^2 I. Its exact parameters let the analytic optimal predictor eps*(x_t, t) be computed from the mixture's score.
/// </summary>
public sealed record GaussianMixture2d(IReadOnlyList<(double X, double Y)> Means, IReadOnlyList<double> Weights, double Std);

/// <summary>Seeded 2-D toy data sets, [N, 2] float32.</summary>
public static class Toy2d
{
    /// <summary>The names accepted by <see cref="Sample"/>.</summary>
    public static readonly IReadOnlyList<string> Names = ["ring", "swiss-roll", "moons"];

    /// <summary>
    /// The standard deviation of each of the course's ring components: one value for the data the MLP trains on and for
    /// the exact eps* of <c>GaussianWorld.GaussianMixtureNoisePredictor.Ring</c>.
    /// </summary>
    public const double RingStd = 0.1;

    /// <summary>
    /// Eight equally weighted Gaussians with means on a circle of radius <paramref name="radius"/> at angles 2 pi k/8,
    /// each with standard deviation <paramref name="std"/>.
    /// </summary>
    public static GaussianMixture2d Ring(int components = 8, double radius = 2.0, double std = RingStd) => new(
        Enumerable.Range(0, components).Select(k => (radius * Math.Cos(2 * Math.PI * k / components), radius * Math.Sin(2 * Math.PI * k / components))).ToList(),
        Enumerable.Repeat(1.0 / components, components).ToList(),
        std);

    /// <summary>Draws <paramref name="n"/> points from a mixture.</summary>
    public static Tensor SampleMixture(GaussianMixture2d mixture, int n, long seed)
    {
        using var scope = torch.NewDisposeScope();
        using var g = Seeded.Generator(seed);
        var weights = torch.tensor(mixture.Weights.ToArray(), dtype: ScalarType.Float64);
        var component = Seeded.Categorical(weights, n, g);
        var means = torch.tensor(mixture.Means.SelectMany(m => new[] { m.X, m.Y }).ToArray(), dtype: ScalarType.Float32).reshape(-1, 2);
        return (means.index_select(0, component) + mixture.Std * Seeded.Randn([n, 2], g)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The Swiss roll: angle u ~ U(1.5 pi, 4.5 pi), point u (cos u, sin u) / 5 plus N(0, noise^2) jitter, which puts
    /// it roughly in [-3, 3]^2.
    /// </summary>
    public static Tensor SwissRoll(int n, long seed, double noise = 0.05)
    {
        using var scope = torch.NewDisposeScope();
        using var g = Seeded.Generator(seed);
        var u = 1.5 * Math.PI + 3 * Math.PI * Seeded.Rand([n], g);
        var points = torch.stack([u * torch.cos(u), u * torch.sin(u)], 1) / 5.0;
        return (points + noise * Seeded.Randn([n, 2], g)).MoveToOuterDisposeScope();
    }

    /// <summary>Two interleaved half circles (radius 1, the second shifted by (1, -0.5)), centred, plus N(0, noise^2) jitter.</summary>
    public static Tensor TwoMoons(int n, long seed, double noise = 0.05)
    {
        using var scope = torch.NewDisposeScope();
        using var g = Seeded.Generator(seed);
        var angle = Math.PI * Seeded.Rand([n], g);
        var lower = Seeded.Rand([n], g).lt(0.5).to(ScalarType.Float32);
        var x = torch.cos(angle) * (1 - 2 * lower) + lower - 0.5;
        var y = torch.sin(angle) * (1 - 2 * lower) - 0.5 * lower + 0.25;
        return (torch.stack([x, y], 1) * 1.5 + noise * Seeded.Randn([n, 2], g)).MoveToOuterDisposeScope();
    }

    /// <summary>Draws <paramref name="n"/> points of the named set (ring, swiss-roll, moons).</summary>
    public static Tensor Sample(string name, int n, long seed) => name switch
    {
        "ring" => SampleMixture(Ring(), n, seed),
        "swiss-roll" => SwissRoll(n, seed),
        "moons" => TwoMoons(n, seed),
        _ => throw new ArgumentException($"Unknown 2-D data set '{name}'; use one of {string.Join(", ", Names)}.", nameof(name)),
    };
}
