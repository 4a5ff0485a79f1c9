using Ddim.Teaching.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public class ReconstructionErrorTests
{
    [Fact]
    public void Error_is_measured_in_unit_pixel_range()
    {
        using var original = torch.full([2, 1, 4, 4], -1.0f);
        using var reconstructed = original.clone();
        reconstructed[0, 0, 0, 0] = torch.tensor(1.0f);
        // One pixel of 32 moves from black to white: a difference of 1 in [0, 1] units, so MSE = 1/32.
        Assert.Equal(1.0 / 32, ReconstructionError.PerDimensionMse(original, reconstructed), 12);
        Assert.Equal(0.0, ReconstructionError.PerDimensionMse(original, original));
    }

    [Fact]
    public void Overshooting_reconstructions_are_clamped_like_saved_pixels()
    {
        using var original = torch.ones(1, 1, 2, 2);
        using var reconstructed = torch.full([1, 1, 2, 2], 1.5f);
        Assert.Equal(0.0, ReconstructionError.PerDimensionMse(original, reconstructed));
    }

    [Fact]
    public void Shape_mismatch_and_NaN_are_refused()
    {
        using var a = torch.zeros(2, 1, 4, 4);
        using var b = torch.zeros(2, 1, 4, 5);
        Assert.Contains("same shape", Assert.Throws<ArgumentException>(() => ReconstructionError.PerDimensionMse(a, b)).Message);
        using var nan = torch.full([2, 1, 4, 4], float.NaN);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => ReconstructionError.PerDimensionMse(a, nan)).Message);
    }
}
