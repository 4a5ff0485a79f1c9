using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Training;

/// <summary>
/// Adam (Kingma and Ba 2015, Algorithm 1) with the same update as torch.optim.Adam: bias-corrected first and second
/// moments, eps added after the square root. Written out so its whole state (m, v, step) is plain tensors that a
/// checkpoint can store and restore exactly.
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly IReadOnlyList<TorchSharp.Modules.Parameter> parameters;
    private readonly double beta1, beta2, eps;

    /// <summary>Creates the optimiser with zero moments.</summary>
    public Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        this.parameters = parameters.ToList();
        (this.beta1, this.beta2, this.eps) = (beta1, beta2, eps);
        M = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToList();
        V = this.parameters.Select(p => torch.zeros_like(p).DetachFromDisposeScope()).ToList();
    }

    /// <summary>First moments, one per parameter.</summary>
    public IReadOnlyList<Tensor> M { get; }

    /// <summary>Second moments, one per parameter.</summary>
    public IReadOnlyList<Tensor> V { get; }

    /// <summary>Number of updates applied.</summary>
    public long StepCount { get; set; }

    /// <summary>Applies one update with learning rate <paramref name="lr"/> from the parameters' current gradients.</summary>
    public void Step(double lr)
    {
        StepCount++;
        double correction1 = 1 - Math.Pow(beta1, StepCount);
        double correction2 = 1 - Math.Pow(beta2, StepCount);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        for (int i = 0; i < parameters.Count; i++)
        {
            var g = parameters[i].grad;
            if (g is null)
                continue;
            M[i].mul_(beta1).add_(g, alpha: 1 - beta1);
            V[i].mul_(beta2).addcmul_(g, g, value: 1 - beta2);
            var denominator = V[i].sqrt().div_(Math.Sqrt(correction2)).add_(eps);
            parameters[i].addcdiv_(M[i], denominator, value: -lr / correction1);
        }
    }

    /// <summary>Clears the gradients.</summary>
    public void ZeroGrad()
    {
        foreach (var p in parameters)
            p.grad?.zero_();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in M.Concat(V))
            t.Dispose();
    }
}
