using Ddim.Teaching.Plotting;
using Ddim.Teaching.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Training;

/// <summary>
/// What a training run has learned so far, by eye: the same fixed latents x_T decoded with DDIM eta = 0 (Eq. 12 with
/// sigma_t = 0) through the raw weights and through the EMA weights of the run. Fixed latents make successive previews
/// comparable: a column changes only because the network did.
/// </summary>
public sealed class TrainingPreview
{
    private readonly Trainer _trainer;
    private readonly DdimSampler _sampler;
    private readonly Tensor _xT;
    private readonly TimestepSequence _sequence;
    private readonly string _description;

    /// <param name="trainer">The run to preview. Its model is sampled in eval mode and put back in train mode after.</param>
    /// <param name="xT">[N, C, H, W] fixed latents, one grid column each; moved to the trainer's device.</param>
    /// <param name="steps">S, the number of DDIM steps (uniform spacing over the run's schedule).</param>
    /// <param name="description">Ends the caption: where the latents came from and which network, e.g. "x_T seed 11, tiny UNet".</param>
    public TrainingPreview(Trainer trainer, Tensor xT, int steps = 20, string description = "")
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(xT);
        if (xT.dim() != 4 || xT.shape[0] < 1)
            throw new ArgumentException($"xT must be at least one image latent [N, C, H, W]; got [{string.Join(", ", xT.shape)}].", nameof(xT));
        var schedule = trainer.Schedule.Create();
        if (steps < 1 || steps > schedule.T)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"S must be between 1 and T = {schedule.T}.");
        _trainer = trainer;
        _sampler = new DdimSampler(schedule);
        _xT = xT.to(trainer.Device).DetachFromDisposeScope();
        _sequence = TimestepSequence.Uniform(schedule.T, steps);
        _description = description;
    }

    /// <summary>The latents decoded by the raw weights and by the EMA weights, each [N, C, H, W].</summary>
    public (Tensor Raw, Tensor Ema) Sample()
    {
        using var scope = NewDisposeScope();
        bool wasTraining = _trainer.Model.training;
        _trainer.Model.eval();
        try
        {
            var raw = _sampler.Sample(_trainer.Model, _xT, _sequence, SamplerNoise.Deterministic).X0;
            var ema = _sampler.Sample(_trainer.Ema, _xT, _sequence, SamplerNoise.Deterministic).X0;
            return (raw.MoveToOuterDisposeScope(), ema.MoveToOuterDisposeScope());
        }
        finally
        {
            if (wasTraining) _trainer.Model.train();
        }
    }

    /// <summary>Two labelled rows, raw weights above EMA weights, one column per latent; the caption names the step.</summary>
    public PngImage Render(long step)
    {
        using var scope = NewDisposeScope();
        var (raw, ema) = Sample();
        int n = (int)_xT.shape[0];
        return ImageGrid.Render(cat([raw, ema]), columns: n, rowLabels: ["raw weights", "EMA weights"],
            columnLabels: Enumerable.Range(0, n).Select(i => $"x_T {i}").ToArray(),
            caption: $"after {step} steps: top raw weights, bottom EMA weights; eta = 0, S = {_sequence.Length}" +
                (_description.Length > 0 ? $", {_description}" : ""));
    }
}
