using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

/// <summary>Refuses to write or report numbers that are not numbers (a checkpoint with NaN weights samples NaN images).</summary>
internal static class NonFinite
{
    /// <summary>Throws, naming <paramref name="what"/> and the first bad element, when <paramref name="values"/> holds a NaN or infinity.</summary>
    public static void Refuse(Tensor values, string what)
    {
        using var scope = NewDisposeScope();
        var bad = values.isfinite().logical_not().reshape(-1);
        long count = bad.sum().item<long>();
        if (count == 0)
            return;
        long first = bad.nonzero()[0, 0].item<long>();
        double value = values.reshape(-1)[first].to_type(ScalarType.Float64).item<double>();
        throw new InvalidDataException(
            $"{what} hold {count} non-finite values (the first, element {first}, is {value}); nothing was written. " +
            "The network's weights or the sampler's settings produce NaN or infinity: check the checkpoint (ddim train reports divergence) or lower eta.");
    }
}
