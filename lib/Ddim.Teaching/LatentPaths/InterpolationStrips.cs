using Ddim.Teaching.Ode;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.LatentPaths;

/// <summary>One number per interpolation weight alpha for the slerp paths and for the lerp paths, each averaged over the pairs.</summary>
/// <param name="Slerp">Values at alpha = 0, 1/(points-1), ..., 1 along the spherical paths.</param>
/// <param name="Lerp">The same along the straight paths.</param>
public sealed record PathProfile(double[] Slerp, double[] Lerp);

/// <summary>
/// Strips of DDIM Section 5.3 (Figure 6): for each pair of latents x_T, a slerp path and then a lerp path between them, decoded
/// as one batch. The layout of every strip batch is [pair, path (slerp, lerp), alpha], flattened into the first dimension,
/// so that a grid with <c>points</c> columns shows one path per row.
/// </summary>
public static class InterpolationStrips
{
    /// <summary>
    /// For each pair (rows 2p and 2p + 1 of <paramref name="pairLatents"/>): <paramref name="points"/> slerp latents, then
    /// <paramref name="points"/> lerp latents (<see cref="Interpolation.Path"/>). Result: [2 * pairs * points, ...latent shape].
    /// </summary>
    public static Tensor Paths(Tensor pairLatents, int points = 11)
    {
        int pairs = PairCount(pairLatents);
        using var scope = NewDisposeScope();
        var paths = Enumerable.Range(0, pairs).SelectMany(p => new[] {
            Interpolation.Path(pairLatents[2 * p], pairLatents[2 * p + 1], points, spherical: true),
            Interpolation.Path(pairLatents[2 * p], pairLatents[2 * p + 1], points, spherical: false) }).ToArray();
        return cat(paths).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// RMS distance of each decoded image from <paramref name="reference"/> (e.g. the mean test image), in the images' own
    /// pixel scale, averaged over the pairs at each alpha.
    /// </summary>
    /// <param name="strips">[2 * pairs * points, C, H, W], laid out as <see cref="Paths"/> makes them.</param>
    /// <param name="reference">[C, H, W], broadcast against every image.</param>
    /// <param name="points">Points per path (the paper uses 11).</param>
    public static PathProfile MeanRmsDistance(Tensor strips, Tensor reference, int points = 11)
    {
        int pairs = StripPairs(strips, points);
        using var scope = NewDisposeScope();
        var rms = (strips - reference).square().mean([1, 2, 3]).sqrt();
        return Profile(rms.reshape(pairs, 2, points));
    }

    /// <summary>Mean pixel of each decoded image in [0, 1] (images in [-1, 1], clipped), averaged over the pairs at each alpha.</summary>
    public static PathProfile MeanBrightness(Tensor strips, int points = 11)
    {
        int pairs = StripPairs(strips, points);
        using var scope = NewDisposeScope();
        var brightness = ((strips + 1) / 2).clamp(0, 1).mean([1, 2, 3]);
        return Profile(brightness.reshape(pairs, 2, points));
    }

    private static PathProfile Profile(Tensor byPairPathAlpha)
    {
        var mean = byPairPathAlpha.to_type(float64).mean([0]).cpu();   // [path, alpha]
        return new PathProfile(mean[0].data<double>().ToArray(), mean[1].data<double>().ToArray());
    }

    private static int PairCount(Tensor pairLatents)
    {
        ArgumentNullException.ThrowIfNull(pairLatents);
        long n = pairLatents.shape[0];
        if (n == 0 || n % 2 != 0)
            throw new ArgumentException($"pairLatents has {n} latents; give an even number, at least 2 (rows 2p and 2p + 1 form pair p).", nameof(pairLatents));
        return (int)(n / 2);
    }

    private static int StripPairs(Tensor strips, int points)
    {
        ArgumentNullException.ThrowIfNull(strips);
        if (points < 2)
            throw new ArgumentException($"points is {points}; a path needs at least 2.", nameof(points));
        if (strips.dim() != 4)
            throw new ArgumentException($"strips must be images [N, C, H, W]; got [{string.Join(", ", strips.shape)}].", nameof(strips));
        long n = strips.shape[0];
        if (n == 0 || n % (2 * points) != 0)
            throw new ArgumentException($"strips has {n} images, not a multiple of 2 * points = {2 * points} (one slerp and one lerp path per pair).", nameof(strips));
        return (int)(n / (2 * points));
    }
}
