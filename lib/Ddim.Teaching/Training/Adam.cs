using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Training;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1) with the same update as torch.optim.Adam: bias-corrected first and second
/// moments, eps added after the square root. Written out so its whole state (m, v, step) is plain tensors that a
/// checkpoint can store and restore exactly. The moments are flat buffers laid out like <see cref="FlatParameters"/>,
/// so one update is a few kernels over the whole network.
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly FlatParameters flat;
    private readonly bool ownsFlat;
    private readonly double beta1, beta2, eps;
    private readonly Tensor m, v;

    /// <summary>Creates the optimiser with zero moments over parameters already kept in flat buffers.</summary>
    public Adam(FlatParameters parameters, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        flat = parameters;
        (this.beta1, this.beta2, this.eps) = (beta1, beta2, eps);
        m = zeros_like(flat.Values).DetachFromDisposeScope();
        v = zeros_like(flat.Values).DetachFromDisposeScope();
        M = flat.Slices(m);
        V = flat.Slices(v);
    }

    /// <summary>Creates the optimiser over <paramref name="parameters"/>, moving them into flat buffers first.</summary>
    public Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
        : this(new FlatParameters(parameters), beta1, beta2, eps) => ownsFlat = true;

    /// <summary>First moments, one view per parameter (of one flat buffer).</summary>
    public IReadOnlyList<Tensor> M { get; }

    /// <summary>Second moments, one view per parameter (of one flat buffer).</summary>
    public IReadOnlyList<Tensor> V { get; }

    /// <summary>Number of updates applied.</summary>
    public long StepCount { get; set; }

    /// <summary>Applies one update with learning rate <paramref name="lr"/> from the parameters' current gradients.</summary>
    public void Step(double lr) => Step(lr, null);

    /// <summary>
    /// One update; with <paramref name="apply"/> (a boolean scalar on the device) false, parameters and moments stay as they
    /// were, decided on the device without reading it back (a non-finite step is then discarded without a host sync).
    /// </summary>
    public void Step(double lr, Tensor? apply)
    {
        StepCount++;
        double correction1 = 1 - Math.Pow(beta1, StepCount);
        double correction2 = 1 - Math.Pow(beta2, StepCount);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var g = flat.Gradients;
        if (apply is null)
        {
            m.mul_(beta1).add_(g, alpha: 1 - beta1);
            v.mul_(beta2).addcmul_(g, g, value: 1 - beta2);
            flat.Values.addcdiv_(m, v.sqrt().div_(Math.Sqrt(correction2)).add_(eps), value: -lr / correction1);
            return;
        }
        var kept = where(apply, g, zeros_like(g));                           // a discarded step adds nothing ...
        m.mul_(where(apply, beta1, 1.0).to(m.dtype)).add_(kept, alpha: 1 - beta1); // ... and decays nothing
        v.mul_(where(apply, beta2, 1.0).to(v.dtype)).addcmul_(kept, kept, value: 1 - beta2);
        var step = m * apply.to(m.dtype);
        flat.Values.addcdiv_(step, v.sqrt().div_(Math.Sqrt(correction2)).add_(eps), value: -lr / correction1);
    }

    /// <summary>Clears the gradients (one kernel over the flat buffer).</summary>
    public void ZeroGrad() => flat.Gradients.zero_();

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in M.Concat(V))
            t.Dispose();
        m.Dispose();
        v.Dispose();
        if (ownsFlat)
            flat.Dispose();
    }
}
