using Ddim.Teaching.Ode;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.LatentPaths;

/// <summary>
/// Interpolation of latents x_T (DDIM Section 5.3). Each latent is treated as one vector, whatever its shape.
/// Slerp keeps the norm near the Gaussian shell |x| ~ sqrt(D); lerp shrinks it towards the middle.
/// </summary>
public static class Interpolation
{
    /// <summary>
    /// x(alpha) = sin((1 - alpha) theta)/sin(theta) x0 + sin(alpha theta)/sin(theta) x1, theta = arccos(&lt;x0, x1&gt;/(|x0| |x1|)).
    /// Falls back to lerp when theta is too small for sin(theta) to be divided by.
    /// </summary>
    public static Tensor Slerp(Tensor x0, Tensor x1, double alpha)
    {
        CheckPair(x0, x1);
        using var scope = NewDisposeScope();
        double theta = Angle(x0, x1);
        if (Math.Sin(theta) < 1e-8)
            return Lerp(x0, x1, alpha).MoveToOuterDisposeScope();
        var x = Math.Sin((1 - alpha) * theta) / Math.Sin(theta) * x0 + Math.Sin(alpha * theta) / Math.Sin(theta) * x1;
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>x(alpha) = (1 - alpha) x0 + alpha x1.</summary>
    public static Tensor Lerp(Tensor x0, Tensor x1, double alpha)
    {
        CheckPair(x0, x1);
        using var scope = NewDisposeScope();
        return ((1 - alpha) * x0 + alpha * x1).MoveToOuterDisposeScope();
    }

    /// <summary>The angle theta between two latents, in radians.</summary>
    public static double Angle(Tensor x0, Tensor x1)
    {
        CheckPair(x0, x1);
        using var scope = NewDisposeScope();
        // Image latents are float32 (and the sums are long): the angle is computed in float64 whatever their dtype.
        var a = x0.flatten().to_type(float64);
        var b = x1.flatten().to_type(float64);
        double cos = (a * b).sum().item<double>() / (a.norm().item<double>() * b.norm().item<double>());
        return Math.Acos(Math.Clamp(cos, -1, 1));
    }

    /// <summary>
    /// <paramref name="points"/> latents at alpha = 0, 1/(points-1), ..., 1 (the paper uses 11), stacked along a new first
    /// dimension: [points, ...shape of x0] - a batch ready for the sampler.
    /// </summary>
    public static Tensor Path(Tensor x0, Tensor x1, int points = 11, bool spherical = true)
    {
        if (points < 2)
            throw new ArgumentException($"points is {points}; a path needs at least 2.", nameof(points));
        using var scope = NewDisposeScope();
        var xs = Enumerable.Range(0, points).Select(i => (double)i / (points - 1))
            .Select(alpha => spherical ? Slerp(x0, x1, alpha) : Lerp(x0, x1, alpha)).ToArray();
        return stack(xs).MoveToOuterDisposeScope();
    }

    private static void CheckPair(Tensor x0, Tensor x1)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(x1);
        if (!x0.shape.SequenceEqual(x1.shape))
            throw new ArgumentException($"latents have shapes [{string.Join(", ", x0.shape)}] and [{string.Join(", ", x1.shape)}]; they must match.", nameof(x1));
    }
}
