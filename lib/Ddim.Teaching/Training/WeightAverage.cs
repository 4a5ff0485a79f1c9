using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Training;

/// <summary>
/// Exponential moving average of a network's weights, theta_ema &lt;- d theta_ema + (1 - d) theta (DDPM samples from
/// these averaged weights). It updates a second network of the same architecture.
/// </summary>
public static class WeightAverage
{
    /// <summary>Blends <paramref name="source"/>'s parameters into <paramref name="average"/> with decay <paramref name="decay"/>.</summary>
    public static void Update(nn.Module average, nn.Module source, double decay)
    {
        using var noGrad = torch.no_grad();
        var target = average.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in source.named_parameters())
            target[name].lerp_(p, 1 - decay);
    }

    /// <summary>
    /// The same blend over flat buffers (<see cref="FlatParameters.Values"/>) in one kernel; the weight 1 - d is a tensor,
    /// so a discarded step can blend with weight 0 without a host sync.
    /// </summary>
    public static void Update(Tensor average, Tensor source, Tensor weight)
    {
        using var noGrad = torch.no_grad();
        average.lerp_(source, weight);
    }

    /// <summary>Copies every parameter of <paramref name="source"/> into <paramref name="average"/>.</summary>
    public static void CopyFrom(nn.Module average, nn.Module source) => Update(average, source, 0.0);
}
