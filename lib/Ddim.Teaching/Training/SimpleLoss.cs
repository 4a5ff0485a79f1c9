using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Models;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Training;

/// <summary>
/// DDPM's L_simple, DDIM Eq. (5) with gamma = 1, estimated for any noise predictor on fresh draws: x_0 from the data, t
/// uniform on {0, ..., T-1}, eps ~ N(0, I), x_t = sqrt(alpha_t) x_0 + sqrt(1 - alpha_t) eps (Eq. 4), then the mean of
/// |eps - eps_theta(x_t, t)|^2 per coordinate. The same draw for every model given the same seed, so losses compare.
/// </summary>
public static class SimpleLoss
{
    /// <summary>The loss of <paramref name="model"/> on <paramref name="n"/> draws made by a generator seeded with <paramref name="seed"/>.</summary>
    public static double Estimate(INoisePredictor model, NoiseSchedule schedule, Tensor data, int n, long seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(data);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n is the number of draws; give at least 1.");
        using var scope = NewDisposeScope();
        var g = new Generator((ulong)seed);
        var x0 = data.index_select(0, randint(data.shape[0], [n], generator: g));
        var t = randint(schedule.T, [n], generator: g);
        var eps = randn(x0.shape, generator: g, dtype: x0.dtype);
        var xt = Forward.SampleMarginal(schedule, x0, t, eps);                                   // Eq. (4)
        using var noGrad = torch.no_grad();
        return nn.functional.mse_loss(model.PredictNoise(xt, t), eps).to_type(float64).item<double>();
    }
}
