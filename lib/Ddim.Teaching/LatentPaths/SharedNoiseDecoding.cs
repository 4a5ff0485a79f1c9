using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.LatentPaths;

/// <summary>
/// DDIM Eq. (12) with eta = 1, but one noise draw per step shared by every latent of the batch (broadcast), so that the
/// output is a function of x_T alone: x_{t-1} = A x_t + B eps_theta(x_t, t) + n z_t, the same z_t for the whole batch.
/// The test of whether eta = 1 can interpolate once its randomness is held fixed.
/// </summary>
public static class SharedNoiseDecoding
{
    /// <summary>Decodes <paramref name="xT"/> [N, ...] along <paramref name="sequence"/>; the shared draws come from <paramref name="seed"/>.</summary>
    public static Tensor Decode(NoiseSchedule schedule, INoisePredictor model, Tensor xT, TimestepSequence sequence, int seed)
    {
        ArgumentNullException.ThrowIfNull(xT);
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed, xT.device);
        var oneShape = new long[] { 1 }.Concat(xT.shape.Skip(1)).ToArray();
        var x = xT.alias();
        foreach (var (t, tPrev) in sequence.SamplingSteps)
        {
            using var scope = NewDisposeScope();
            var c = DdimCoefficients.For(schedule, t, tPrev, SamplerNoise.Ddpm);
            var eps = model.PredictNoise(x, full(x.shape[0], t, dtype: int64, device: x.device));
            var shared = randn(oneShape, dtype: x.dtype, device: x.device, generator: generator);
            var next = (c.XPrevFromXt * x + c.XPrevFromEps * eps + c.NoiseStd * shared).MoveToOuterDisposeScope();
            x.Dispose();
            x = next;
        }
        return x;
    }
}
