using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Training;

/// <summary>
/// A network's parameters and their gradients kept in two flat buffers: every parameter, and its gradient, becomes a
/// view of one slice. Adam, the EMA and gradient clipping then run as a handful of kernels over the whole network instead
/// of several per tensor, which is what a GPU step at this model size is bound by. Autograd accumulates into the gradient
/// views in place, so the buffers stay the gradients' storage.
/// </summary>
public sealed class FlatParameters : IDisposable
{
    private readonly IReadOnlyList<TorchSharp.Modules.Parameter> parameters;

    /// <summary>Moves the values of <paramref name="parameters"/> into one buffer and points each parameter at its slice.</summary>
    public FlatParameters(IEnumerable<TorchSharp.Modules.Parameter> parameters)
    {
        this.parameters = parameters.ToList();
        if (this.parameters.Count == 0)
            throw new ArgumentException("There are no parameters to flatten.", nameof(parameters));
        var first = this.parameters[0];
        long total = this.parameters.Sum(p => p.numel());
        using var noGrad = no_grad();
        Values = zeros(total, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
        Gradients = zeros(total, dtype: first.dtype, device: first.device).DetachFromDisposeScope();
        var valueViews = Slices(Values);
        var gradientViews = Slices(Gradients);
        for (int i = 0; i < this.parameters.Count; i++)
        {
            var p = this.parameters[i];
            valueViews[i].copy_(p);
            p.set_(valueViews[i]);
            p.grad = gradientViews[i];
        }
    }

    /// <summary>All parameter values, concatenated in the order of the module's parameters.</summary>
    public Tensor Values { get; }

    /// <summary>All gradients, in the same layout; zero them with one kernel.</summary>
    public Tensor Gradients { get; }

    /// <summary>Views of <paramref name="flat"/> (a buffer of this layout) shaped like each parameter.</summary>
    public IReadOnlyList<Tensor> Slices(Tensor flat)
    {
        var views = new List<Tensor>(parameters.Count);
        long offset = 0;
        foreach (var p in parameters)
        {
            views.Add(flat.narrow(0, offset, p.numel()).view(p.shape).DetachFromDisposeScope());
            offset += p.numel();
        }
        return views;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Values.Dispose();
        Gradients.Dispose();
    }
}
