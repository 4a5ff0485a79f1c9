using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.ForwardProcess;

/// <summary>
/// The forward (noising) process of DDPM, in DDPM notation (alpha-bar_t = DDIM alpha_t):
/// one Markov step q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I) (DDPM Eq. 2), and its t-fold
/// composition q(x_t | x_0) = N(sqrt(alpha-bar_t) x_0, (1 - alpha-bar_t) I) (DDPM Eq. 4, DDIM Eq. 4).
/// </summary>
public static class Forward
{
    /// <summary>Mean coefficient of q(x_t | x_0): sqrt(alpha-bar_t).</summary>
    public static double MarginalMeanCoefficient(NoiseSchedule schedule, int t) => Math.Sqrt(schedule.AlphaBar(t));

    /// <summary>Std of q(x_t | x_0): sqrt(1 - alpha-bar_t).</summary>
    public static double MarginalStd(NoiseSchedule schedule, int t) => Math.Sqrt(1 - schedule.AlphaBar(t));

    /// <summary>Mean coefficient of q(x_t | x_{t-1}): sqrt(1 - beta_t).</summary>
    public static double StepMeanCoefficient(NoiseSchedule schedule, int t) => Math.Sqrt(1 - schedule.Beta(t));

    /// <summary>Std of q(x_t | x_{t-1}): sqrt(beta_t).</summary>
    public static double StepStd(NoiseSchedule schedule, int t) => Math.Sqrt(schedule.Beta(t));

    /// <summary>x_t = sqrt(alpha-bar_t) x_0 + sqrt(1 - alpha-bar_t) eps, one t for the whole batch (DDIM Eq. 4).</summary>
    public static Tensor SampleMarginal(NoiseSchedule schedule, Tensor x0, int t, Tensor eps)
    {
        using var scope = NewDisposeScope();
        var xt = MarginalMeanCoefficient(schedule, t) * x0 + MarginalStd(schedule, t) * eps;
        return xt.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// x_t = sqrt(alpha-bar_t) x_0 + sqrt(1 - alpha-bar_t) eps with one timestep per sample: <paramref name="t"/> is int64 [B]
    /// and <paramref name="x0"/>, <paramref name="eps"/> are [B, ...] (the training-time "q_sample", DDIM Eq. 4). This is
    /// the line <c>Trainer.TrainStep</c> runs. The coefficients come from tables made once per schedule and device.
    /// </summary>
    public static Tensor SampleMarginal(NoiseSchedule schedule, Tensor x0, Tensor t, Tensor eps)
    {
        using var scope = NewDisposeScope();
        var tables = MarginalTables.For(schedule, x0);
        var xt = MarginalTables.PerSample(tables.SqrtAlphaBar, t, x0) * x0 + MarginalTables.PerSample(tables.SqrtOneMinusAlphaBar, t, x0) * eps;
        return xt.MoveToOuterDisposeScope();
    }

    /// <summary>One Markov step x_t = sqrt(1 - beta_t) x_{t-1} + sqrt(beta_t) z (DDPM Eq. 2).</summary>
    public static Tensor SampleStep(NoiseSchedule schedule, Tensor xPrev, int t, Tensor z)
    {
        using var scope = NewDisposeScope();
        var xt = StepMeanCoefficient(schedule, t) * xPrev + StepStd(schedule, t) * z;
        return xt.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// alpha-bar_t for each sample, shaped [B, 1, ..., 1] to broadcast against <paramref name="like"/> ([B, ...]), in its
    /// dtype and on its device. <paramref name="t"/> is int64 [B] with values in 0..T-1.
    /// </summary>
    public static Tensor AlphaBarPerSample(NoiseSchedule schedule, Tensor t, Tensor like)
    {
        using var scope = NewDisposeScope();
        return MarginalTables.PerSample(MarginalTables.For(schedule, like).AlphaBar, t, like).MoveToOuterDisposeScope();
    }
}
