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

    /// <summary>The exact predictor for data N(mean, diag variance), every variance &gt; 0.</summary>
    public GaussianNoisePredictor(NoiseSchedule schedule, DiagonalGaussian data)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(data);
        for (int d = 0; d < data.Dimension; d++)
            if (!(data.Variance[d] > 0))
                throw new ArgumentException($"data.Variance[{d}] is {data.Variance[d]}; every variance must be > 0 (fit with a variance floor).", nameof(data));
        if (data.Mean.Any(m => !double.IsFinite(m)))
            throw new ArgumentException("every data mean must be finite.", nameof(data));
        Schedule = schedule;
        Data = data;
        this.schedule = schedule;
    }

    /// <summary>Isotropic data: every one of <paramref name="dimension"/> dimensions is N(mean, std^2).</summary>
    public GaussianNoisePredictor(NoiseSchedule schedule, double mean, double std, int dimension)
        : this(schedule, DiagonalGaussian.Isotropic(mean, std, dimension))
    {
    }

    /// <summary>The schedule the predictor is exact for.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>The data distribution N(mu, diag s^2) the predictor is exact for.</summary>
    public DiagonalGaussian Data { get; }

    /// <summary>Number of dimensions D (= C*H*W for image-shaped inputs).</summary>
    public int Dimension => Data.Dimension;

    /// <inheritdoc />
    public Tensor PredictNoise(Tensor xt, Tensor t)
    {
        using var scope = NewDisposeScope();
        var x = FlatBatch.Flatten(xt, Dimension, nameof(GaussianNoisePredictor));
        var a = Forward.AlphaBarPerSample(schedule, t, x);
        var mu = tensor(Data.Mean, dtype: x.dtype, device: x.device);
        var variance = tensor(Data.Variance, dtype: x.dtype, device: x.device);
        var eps = (1 - a).sqrt() * (x - a.sqrt() * mu) / (a * variance + 1 - a);
        return eps.reshape(xt.shape).MoveToOuterDisposeScope();
    }
}
