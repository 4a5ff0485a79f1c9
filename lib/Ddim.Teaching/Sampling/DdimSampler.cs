using Ddim.Teaching.Models;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Sampling;

/// <summary>
/// The generalized DDIM sampler (DDIM Eq. 12, with sigma from Eq. 16 or sigma-hat) over any sub-sequence of timesteps,
/// plus DDIM inversion (the eta = 0 update run forward in t). Any <see cref="INoisePredictor"/> can drive it.
/// </summary>
public sealed class DdimSampler
{
    /// <summary>A sampler over the given schedule.</summary>
    public DdimSampler(NoiseSchedule schedule)
    {
        Schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
    }

    /// <summary>The schedule whose alpha-bar (DDIM's alpha) the steps use.</summary>
    public NoiseSchedule Schedule { get; }

    private readonly PredictorCalls calls = new();

    /// <summary>Number of model evaluations made by this sampler so far (one per step, batch included).</summary>
    public int ModelCalls => calls.Count;

    /// <summary>
    /// DDIM Eq. (12), one step t -&gt; tPrev (tPrev = -1 at the end, where a_prev = 1 and x_prev = x0_hat): evaluates
    /// eps_theta(x_t, t) once, draws z when the step adds noise, and applies the pure update <see cref="DdimStep.Apply"/>:
    /// x0_hat = (x_t - sqrt(1 - a_t) eps)/sqrt(a_t); x_prev = sqrt(a_prev) x0_hat + sqrt(1 - a_prev - sigma^2) eps + sigma z.
    /// Runs without autograd, so S steps of a trained network do not chain one graph. With <paramref name="clipX0"/>, x0_hat
    /// is clamped to [-1, 1] and eps re-derived from it, so x_prev stays the Eq. (7) mean at the clipped x0_hat (as the
    /// authors' <c>ddpm_noisy</c>); their generalized sampler does not clip, nor does this one by default.
    /// z is drawn from <paramref name="generator"/> on the CPU and moved to the device of <paramref name="xt"/> (<see cref="Seeded"/>).
    /// </summary>
    public StepResult GeneralizedStep(INoisePredictor model, Tensor xt, int t, int tPrev, SamplerNoise noise, Generator? generator = null, bool clipX0 = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = DdimCoefficients.For(Schedule, t, tPrev, noise);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var eps = calls.PredictNoise(model, xt, t);
        var z = c.NoiseStd > 0 ? Seeded.Randn(xt.shape, generator, xt.device, xt.dtype) : null;
        var step = DdimStep.Apply(xt, eps, c, z, clipX0);
        return new StepResult(step.XPrev.MoveToOuterDisposeScope(), step.PredictedX0.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Runs <see cref="GeneralizedStep"/> from <paramref name="xT"/> through every step of <paramref name="sequence"/>
    /// (tau_S -&gt; ... -&gt; tau_1 -&gt; -1). With <paramref name="recordTrajectory"/> every intermediate x_t and x0_hat is kept.
    /// </summary>
    public SampleResult Sample(INoisePredictor model, Tensor xT, TimestepSequence sequence, SamplerNoise noise,
        Generator? generator = null, bool clipX0 = false, bool recordTrajectory = false)
    {
        CheckSequence(sequence);
        using var scope = NewDisposeScope();
        var trajectory = new List<Tensor>();
        var predictions = new List<Tensor>();
        if (recordTrajectory)
            trajectory.Add(xT.alias());
        int callsBefore = ModelCalls;
        var x = xT;
        foreach (var (t, tPrev) in sequence.SamplingSteps)
        {
            var step = GeneralizedStep(model, x, t, tPrev, noise, generator, clipX0);
            if (recordTrajectory)
            {
                trajectory.Add(step.XPrev);
                predictions.Add(step.PredictedX0);
            }
            else
            {
                step.PredictedX0.Dispose();
                if (!ReferenceEquals(x, xT))
                    x.Dispose();
            }
            x = step.XPrev;
        }
        // With a trajectory the final x is also its last element: move each tensor out of the scope exactly once.
        var path = trajectory.Select(v => v.MoveToOuterDisposeScope()).ToArray();
        var final = recordTrajectory ? path[^1] : x.MoveToOuterDisposeScope();
        return new SampleResult(final, path, predictions.Select(v => v.MoveToOuterDisposeScope()).ToArray(), ModelCalls - callsBefore);
    }

    /// <summary>
    /// DDIM inversion: the eta = 0 update run forward in t, x_next = sqrt(a_next) x0_hat(x_t) + sqrt(1 - a_next) eps(x_t, t),
    /// over -1 -&gt; tau_1 -&gt; ... -&gt; tau_S (an Euler step of the ODE, Eq. 14, in increasing sigma). The model is not defined
    /// at t = -1, so the first step evaluates it at tau_1; with tau_1 = 0 that step is tiny.
    /// </summary>
    public Tensor Invert(INoisePredictor model, Tensor x0, TimestepSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckSequence(sequence);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = x0;
        int from = -1;
        foreach (int to in sequence.Timesteps)
        {
            using var stepScope = NewDisposeScope();
            var c = DdimCoefficients.ForInversion(Schedule, from, to);
            var eps = calls.PredictNoise(model, x, Math.Max(from, sequence.Last));
            var next = DdimStep.Apply(x, eps, c).XPrev;
            if (!ReferenceEquals(x, x0))
                x.Dispose();
            x = next.MoveToOuterDisposeScope();
            from = to;
        }
        return (ReferenceEquals(x, x0) ? x0.clone() : x).MoveToOuterDisposeScope();
    }

    /// <summary>Encodes with <see cref="Invert"/>, then decodes with the eta = 0 sampler over the same sequence.</summary>
    public ReconstructionResult Reconstruct(INoisePredictor model, Tensor x0, TimestepSequence sequence)
    {
        using var scope = NewDisposeScope();
        int callsBefore = ModelCalls;
        var latent = Invert(model, x0, sequence);
        var decoded = Sample(model, latent, sequence, SamplerNoise.Deterministic).X0;
        return new ReconstructionResult(latent.MoveToOuterDisposeScope(), decoded.MoveToOuterDisposeScope(), ModelCalls - callsBefore);
    }

    private void CheckSequence(TimestepSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.T != Schedule.T)
            throw new ArgumentException($"The sequence was built for T = {sequence.T} but the schedule has T = {Schedule.T}.", nameof(sequence));
    }
}
