using Ddim.Teaching.Ode;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.LatentPaths;

/// <summary>
/// The norm |x(alpha)| at every point of a slerp path and of a lerp path between pairs of latents (DDIM Section 5.3): the
/// measurement behind "slerp stays on the Gaussian shell, lerp falls inside it".
/// </summary>
/// <param name="Slerp">Slerp[p][i]: norm of point i of pair p's spherical path.</param>
/// <param name="Lerp">Lerp[p][i]: the same along the straight path.</param>
public sealed record PathNorms(double[][] Slerp, double[][] Lerp)
{
    /// <summary>Joins row p of <paramref name="starts"/> to row p of <paramref name="ends"/> by <see cref="Interpolation.Path"/> both ways.</summary>
    /// <param name="starts">[pairs, ...latent shape].</param>
    /// <param name="ends">The same shape as <paramref name="starts"/>.</param>
    /// <param name="points">Points per path (the paper uses 11).</param>
    public static PathNorms Measure(Tensor starts, Tensor ends, int points = 11)
    {
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(ends);
        if (!starts.shape.SequenceEqual(ends.shape))
            throw new ArgumentException($"starts [{string.Join(", ", starts.shape)}] and ends [{string.Join(", ", ends.shape)}] must have the same shape.", nameof(ends));
        int pairs = (int)starts.shape[0];
        var slerp = new double[pairs][];
        var lerp = new double[pairs][];
        for (int p = 0; p < pairs; p++)
        {
            using var scope = NewDisposeScope();
            slerp[p] = Norms(Interpolation.Path(starts[p], ends[p], points, spherical: true));
            lerp[p] = Norms(Interpolation.Path(starts[p], ends[p], points, spherical: false));
        }
        return new PathNorms(slerp, lerp);
    }

    /// <summary>Every slerp norm, all pairs and points.</summary>
    public double[] AllSlerp => Slerp.SelectMany(n => n).ToArray();

    /// <summary>The lerp norm at point <paramref name="i"/> of every pair (i = 5 of 11 is the midpoint).</summary>
    public double[] LerpAt(int i) => Lerp.Select(n => n[i]).ToArray();

    private static double[] Norms(Tensor path) => path.flatten(1).to_type(float64).norm(1).cpu().data<double>().ToArray();
}
