using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.LatentPaths;

/// <summary>
/// The plane of the first two principal directions of a set of points (rows of a matrix, by SVD), for drawing
/// high-dimensional paths in 2-D. Uncentred, the directions are the top right singular vectors (the span of the points);
/// centred, they are the principal components.
/// </summary>
public sealed class PrincipalPlane
{
    private readonly Tensor _origin;   // [1, D], zeros when uncentred
    private readonly Tensor _axes;     // [D, 2]

    /// <summary>Share of the (centred or uncentred) sum of squares along each singular direction, largest first; sums to 1.</summary>
    public double[] Energy { get; }

    /// <summary>Share held by the first two directions: 1 when the points lie in a plane (through the origin, if uncentred).</summary>
    public double PlaneEnergy => Energy.Take(2).Sum();

    private PrincipalPlane(Tensor origin, Tensor axes, double[] energy) => (_origin, _axes, Energy) = (origin, axes, energy);

    /// <summary>Fits the plane to <paramref name="points"/> [N, ...], flattened to [N, D] in float64 on the CPU.</summary>
    public static PrincipalPlane Fit(Tensor points, bool centred)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.shape[0] < 2)
            throw new ArgumentException($"points has {points.shape[0]} rows; a plane needs at least 2.", nameof(points));
        using var scope = NewDisposeScope();
        var x = Flat(points);
        var origin = centred ? x.mean([0], keepdim: true) : zeros_like(x[..1]);
        var (_, s, vh) = linalg.svd(x - origin, fullMatrices: false);
        var energy = (s.square() / s.square().sum()).data<double>().ToArray();
        return new PrincipalPlane(origin.MoveToOuterDisposeScope(), vh[..2].T.contiguous().MoveToOuterDisposeScope(), energy);
    }

    /// <summary>Coordinates [N, 2] of <paramref name="points"/> [N, ...] in the plane.</summary>
    public Tensor Project(Tensor points)
    {
        using var scope = NewDisposeScope();
        return (Flat(points) - _origin).matmul(_axes).MoveToOuterDisposeScope();
    }

    private static Tensor Flat(Tensor points) => points.flatten(1).cpu().to_type(float64);
}
