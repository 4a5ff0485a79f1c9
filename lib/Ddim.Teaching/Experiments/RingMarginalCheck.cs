using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Experiments;

/// <summary>
/// One cloud of the ring under q(x_t | x_0): its points, and the sample mean of |x_t|^2 with its standard error.
/// <c>LibraryT</c> is -1 for the data x_0 itself.
/// </summary>
public sealed record RingCloud(int LibraryT, string Label, double[] X1, double[] X2, double MeanSquaredNorm, double StandardError);

/// <summary>
/// The 2-D ring pushed through DDPM Eq. (4): one draw of x_0 and one draw of eps, shared by every t, so the clouds differ
/// only by the mix sqrt(alpha-bar_t) x_0 + sqrt(1 - alpha-bar_t) eps.
/// </summary>
public static class RingMarginalCheck
{
    /// <summary>The data cloud, then one cloud per library step in <paramref name="steps"/> (draws from <paramref name="generator"/>).</summary>
    public static IReadOnlyList<RingCloud> Run(NoiseSchedule schedule, GaussianMixtureNoisePredictor ring, int points, IReadOnlyList<int> steps, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(ring);
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "a standard error needs at least 2 points; give 2 or more.");
        using var scope = NewDisposeScope();
        var x0 = ring.SampleData(points, generator, float64);
        var eps = randn(points, ring.Dimension, dtype: float64, generator: generator);
        var clouds = new List<RingCloud> { Cloud(-1, "data x_0", x0) };
        foreach (int t in steps)
            clouds.Add(Cloud(t, $"t={t + 1}", Forward.SampleMarginal(schedule, x0, t, eps)));
        return clouds;
    }

    private static RingCloud Cloud(int t, string label, Tensor cloud)
    {
        var r2 = cloud.square().sum(1);
        return new RingCloud(t, label, cloud.select(1, 0).data<double>().ToArray(), cloud.select(1, 1).data<double>().ToArray(),
            r2.mean().item<double>(), r2.std().item<double>() / Math.Sqrt(cloud.shape[0]));
    }
}
