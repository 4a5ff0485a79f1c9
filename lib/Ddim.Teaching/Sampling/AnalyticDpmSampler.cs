using Ddim.Teaching.Models;
using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Sampling;

/// <summary>
/// The optimal reverse variance of Analytic-DPM (Bao et al. 2022). A step t -&gt; t_prev of the sigma-family (DDIM Eq. 7) with
/// the plug-in x0_hat = E[x_0 | x_t] has the right mean, but its variance lambda^2 (sigma(eta)^2) drops the uncertainty of
/// x_0 given x_t. The variance of q(x_prev | x_t) itself is lambda^2 + gamma^2 Var[x_0 | x_t], gamma the weight of x_0 in
/// the Eq. (7) mean, sqrt(a_prev) - sqrt(1 - a_prev - lambda^2) sqrt(a_t/(1 - a_t)); Bao et al. show this is the
/// KL-optimal Gaussian step. Var[x_0 | x_t] comes from <paramref name="x0Variance"/>: exact in the Gaussian world, or the
/// estimate <see cref="EstimateX0Variance"/> from the network's own eps.
/// </summary>
public sealed class AnalyticDpmSampler(NoiseSchedule schedule, Func<int, Tensor> x0Variance)
{
    private readonly PredictorCalls calls = new();

    /// <summary>Model evaluations made so far.</summary>
    public int ModelCalls => calls.Count;

    /// <summary>gamma of the step: the weight of x_0 in the Eq. (7) mean for std lambda.</summary>
    public static double Gamma(NoiseSchedule schedule, int t, int tPrev, double lambda) =>
        SigmaPosterior.Coefficients(schedule, t, tPrev, lambda).X0Coefficient;

    /// <summary>The optimal variance lambda^2 + gamma^2 Var[x_0 | x_t] of one step (per element of the variance tensor).</summary>
    public static Tensor OptimalVariance(NoiseSchedule schedule, int t, int tPrev, double lambda, Tensor x0Variance)
    {
        double gamma = Gamma(schedule, t, tPrev, lambda);
        return lambda * lambda + gamma * gamma * x0Variance;
    }

    /// <summary>
    /// Bao et al.'s estimate from the network: E||eps||^2/d = 1 - a_t/(1 - a_t) Var[x_0 | x_t] for the optimal eps, so
    /// Var[x_0 | x_t] ~ (1 - a_t)/a_t (1 - mean of eps_theta(x_t, t)^2), with x_t drawn from training data
    /// <paramref name="x0"/> (clamped at 0, a variance).
    /// </summary>
    public static double EstimateX0Variance(INoisePredictor model, NoiseSchedule schedule, Tensor x0, int t, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x0);
        double a = StepPair.Check(schedule, t, -1).AlphaBar;
        using var scope = NewDisposeScope();
        var xt = Math.Sqrt(a) * x0 + Math.Sqrt(1 - a) * randn(x0.shape, dtype: x0.dtype, device: x0.device, generator: generator);
        double meanSquare = new PredictorCalls().PredictNoise(model, xt, t).square().mean().item<double>();
        return Math.Max(0, (1 - a) / a * (1 - meanSquare));
    }

    /// <summary>
    /// Samples from x_T over <paramref name="sequence"/> with the eta-mean of Eq. (12) and the optimal variance on every step,
    /// the last included: there lambda = 0 and gamma = 1, so the step to x_0 draws from N(x0_hat, Var[x_0 | x_tau_1]), where
    /// the plug-in samplers stop at x0_hat and so lose exactly Var[x_0 | x_tau_1].
    /// </summary>
    public Tensor Sample(INoisePredictor model, Tensor xT, TimestepSequence sequence, double eta, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var noise = SamplerNoise.FromEta(eta);
        using var scope = NewDisposeScope();
        var x = xT;
        foreach (var (t, tPrev) in sequence.SamplingSteps)
        {
            var c = DdimCoefficients.For(schedule, t, tPrev, noise);
            var mean = DdimStep.Apply(x, calls.PredictNoise(model, x, t), c with { NoiseStd = 0 }).XPrev;
            var std = OptimalVariance(schedule, t, tPrev, c.Sigma, x0Variance(t)).sqrt();
            x = mean + std * randn(x.shape, dtype: x.dtype, device: x.device, generator: generator);
        }
        return (ReferenceEquals(x, xT) ? xT.clone() : x).MoveToOuterDisposeScope();
    }
}
