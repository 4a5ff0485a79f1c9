using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Models;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>
/// The exact optimal noise predictor for Gaussian data x_0 ~ N(mu, diag s^2). Since x_t | x_0 is N(sqrt(a) x_0, (1 - a) I)
/// (a = DDPM alpha-bar = DDIM alpha), x_t ~ N(sqrt(a) mu, a s^2 + 1 - a) per dimension, its score is
/// -(x_t - sqrt(a) mu)/(a s^2 + 1 - a), and eps*(x_t, t) = E[eps | x_t] = -sqrt(1 - a) score
/// = sqrt(1 - a) (x_t - sqrt(a) mu)/(a s^2 + 1 - a).
/// </summary>
public sealed class GaussianNoisePredictor : INoisePredictor
{
    private readonly NoiseSchedule schedule;

    /// <summary>Data N(mean, diag std^2), one entry per dimension.</summary>
    public GaussianNoisePredictor(NoiseSchedule schedule, IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count < 1 || mean.Count != std.Count)
            throw new ArgumentException($"mean has {mean.Count} entries and std {std.Count}; give one of each per dimension (at least one).", nameof(std));
        for (int d = 0; d < std.Count; d++)
        {
            if (!(std[d] > 0) || !double.IsFinite(std[d]))
                throw new ArgumentException($"std[{d}] is {std[d]}; every std must be finite and > 0.", nameof(std));
            if (!double.IsFinite(mean[d]))
                throw new ArgumentException($"mean[{d}] is {mean[d]}; every mean must be finite.", nameof(mean));
        }
        Schedule = schedule;
        Mean = mean.ToArray();
        Std = std.ToArray();
        this.schedule = schedule;
    }

    /// <summary>Isotropic data: every one of <paramref name="dimension"/> dimensions is N(mean, std^2).</summary>
    public GaussianNoisePredictor(NoiseSchedule schedule, double mean, double std, int dimension)
        : this(schedule, Repeat(mean, dimension), Repeat(std, dimension))
    {
    }

    /// <summary>The schedule the predictor is exact for.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>Data mean per dimension.</summary>
    public double[] Mean { get; }

    /// <summary>Data std per dimension.</summary>
    public double[] Std { get; }

    /// <summary>Number of dimensions D (= C*H*W for image-shaped inputs).</summary>
    public int Dimension => Mean.Length;

    /// <inheritdoc />
    public Tensor PredictNoise(Tensor xt, Tensor t)
    {
        using var scope = NewDisposeScope();
        var x = FlatBatch.Flatten(xt, Dimension, nameof(GaussianNoisePredictor));
        var a = Forward.AlphaBarPerSample(schedule, t, x);
        var mu = tensor(Mean, dtype: x.dtype, device: x.device);
        var variance = tensor(Std, dtype: x.dtype, device: x.device).square();
        var eps = (1 - a).sqrt() * (x - a.sqrt() * mu) / (a * variance + 1 - a);
        return eps.reshape(xt.shape).MoveToOuterDisposeScope();
    }

    private static double[] Repeat(double value, int dimension)
    {
        if (dimension < 1)
            throw new ArgumentException($"dimension is {dimension}; it must be at least 1.", nameof(dimension));
        return Enumerable.Repeat(value, dimension).ToArray();
    }
}
