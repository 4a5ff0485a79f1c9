using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using Ddim.Teaching.Solvers;
using static TorchSharp.torch;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>The deterministic map x_T -&gt; x_0 of a solver in the Gaussian world, per dimension: x_0 = Scale x_T + Offset.</summary>
public sealed record AffineMap(double[] Scale, double[] Offset)
{
    /// <summary>The image of N(m, diag v) under the map: N(Scale m + Offset, diag Scale^2 v).</summary>
    public DiagonalGaussian Push(DiagonalGaussian start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.Dimension != Scale.Length)
            throw new ArgumentException($"start has {start.Dimension} dimensions, the map {Scale.Length}.", nameof(start));
        return new DiagonalGaussian(
            Enumerable.Range(0, Scale.Length).Select(d => Scale[d] * start.Mean[d] + Offset[d]).ToArray(),
            Enumerable.Range(0, Scale.Length).Select(d => Scale[d] * Scale[d] * start.Variance[d]).ToArray());
    }

    /// <summary>
    /// The root-mean-square distance per coordinate between this map and <paramref name="other"/> over x_T ~ N(0, I):
    /// sqrt(mean_d ((Scale_d - Scale'_d)^2 + (Offset_d - Offset'_d)^2)), exact (E[x^2] = 1, E[x] = 0).
    /// </summary>
    public double RmsDistance(AffineMap other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Scale.Length != Scale.Length)
            throw new ArgumentException($"maps have {Scale.Length} and {other.Scale.Length} dimensions.", nameof(other));
        double sum = 0;
        for (int d = 0; d < Scale.Length; d++)
        {
            double ds = Scale[d] - other.Scale[d], dm = Offset[d] - other.Offset[d];
            sum += ds * ds + dm * dm;
        }
        return Math.Sqrt(sum / Scale.Length);
    }
}

/// <summary>
/// Exact propagation of the deterministic solvers in the Gaussian world. eps* of data N(mu, diag s^2) is affine in x_t,
/// and every solver step (DDIM, Heun, DPM-Solver++(2M)) combines x_t and eps* linearly, so the whole solve is an affine map
/// x_0 = A x_T + B per dimension, multistep history included. An affine map is fixed by two points: running the library's
/// own solver in float64 on the batch {x_T = 0, x_T = 1} gives B = f(0) and A = f(1) - f(0) exactly (to rounding), with no
/// second copy of any solver's formula. The exact probability-flow map is known in closed form (<see cref="FlowMap(NoiseSchedule, DiagonalGaussian, int, int)"/>).
/// </summary>
public static class SolverPropagation
{
    /// <summary>
    /// The affine map x_T -&gt; x_0 of <paramref name="kind"/> with the exact eps* of <paramref name="data"/> (with
    /// <paramref name="toX0"/> false: x_T -&gt; x at the last grid point tau_1, see <see cref="IOdeSolver.Solve"/>).
    /// </summary>
    public static AffineMap Map(NoiseSchedule schedule, DiagonalGaussian data, TimestepSequence sequence, SolverKind kind, bool toX0 = true)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(data);
        var model = new GaussianNoisePredictor(schedule, data);
        using var scope = NewDisposeScope();
        var basis = stack([zeros(data.Dimension, dtype: float64), ones(data.Dimension, dtype: float64)]);
        var x0 = SolverKinds.Create(kind, schedule).Solve(model, basis, sequence, toX0);
        var at0 = x0[0].data<double>().ToArray();
        var at1 = x0[1].data<double>().ToArray();
        return new AffineMap(at1.Select((v, d) => v - at0[d]).ToArray(), at0);
    }

    /// <summary>The exact output distribution of the solver started from N(0, I) (or <paramref name="start"/>).</summary>
    public static DiagonalGaussian Propagate(NoiseSchedule schedule, DiagonalGaussian data, TimestepSequence sequence, SolverKind kind, DiagonalGaussian? start = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Map(schedule, data, sequence, kind).Push(start ?? DiagonalGaussian.StandardNormal(data.Dimension));
    }

    /// <summary>
    /// The exact probability-flow map from t to <paramref name="to"/> (-1 for x_0, sigma = 0). With x-bar = x/sqrt(a) and
    /// sigma^2 = (1 - a)/a, eps* gives d(x-bar - mu)/d sigma = sigma (x-bar - mu)/(s^2 + sigma^2), solved by x-bar - mu
    /// proportional to sqrt(s^2 + sigma^2): x-bar_to = mu + (x_t/sqrt(a_t) - mu) sqrt((s^2 + sigma_to^2)/(s^2 + sigma_t^2)),
    /// x_to = sqrt(a_to) x-bar_to. To x_0 the scale is s/sqrt(a_t s^2 + 1 - a_t).
    /// </summary>
    public static AffineMap FlowMap(NoiseSchedule schedule, DiagonalGaussian data, int t, int to = -1)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (a, aTo) = StepPair.Check(schedule, t, to);
        double sigma2 = (1 - a) / a, sigma2To = (1 - aTo) / aTo;
        var scale = new double[data.Dimension];
        var offset = new double[data.Dimension];
        for (int d = 0; d < data.Dimension; d++)
        {
            double s2 = data.Variance[d], ratio = Math.Sqrt((s2 + sigma2To) / (s2 + sigma2));
            scale[d] = Math.Sqrt(aTo) * ratio / Math.Sqrt(a);
            offset[d] = Math.Sqrt(aTo) * data.Mean[d] * (1 - ratio);
        }
        return new AffineMap(scale, offset);
    }

    /// <summary>The exact flow map over <paramref name="sequence"/>: from its first timestep to x_0, or to its last grid point.</summary>
    public static AffineMap FlowMap(NoiseSchedule schedule, DiagonalGaussian data, TimestepSequence sequence, bool toX0 = true)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return FlowMap(schedule, data, sequence.First, toX0 ? -1 : sequence.Last);
    }
}
