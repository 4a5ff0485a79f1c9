using Ddim.Teaching.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public class FidFloorTests
{
    [Fact]
    public void The_floor_is_the_FID_of_disjoint_real_blocks_and_shrinks_with_n()
    {
        using var generator = new Generator(3);
        using var reference = torch.randn([5000, 10], dtype: ScalarType.Float64, generator: generator);
        using var real = torch.randn([4000, 10], dtype: ScalarType.Float64, generator: generator);
        var small = FidFloor.Measure(real, reference, n: 200, sets: 10);
        var large = FidFloor.Measure(real, reference, n: 2000, sets: 2);
        Assert.Equal(10, small.Values.Length);
        using (var second = real.narrow(0, 200, 200))
            Assert.Equal(FrechetDistance.Compute(second, reference), small.Values[1], 1e-12);
        // The bias of FID is about d(d+1)/(2n) in these units (tr of the covariance error): larger n, lower floor.
        Assert.True(large.Mean < small.Mean / 3, $"floor at n = 200: {small.Mean}, at n = 2,000: {large.Mean}");
        Assert.True(small.Min <= small.Mean && small.Mean <= small.Max);
    }

    [Fact]
    public void Asking_for_more_disjoint_sets_than_the_images_allow_is_refused()
    {
        using var reference = torch.randn([500, 4], dtype: ScalarType.Float64);
        using var real = torch.randn([1000, 4], dtype: ScalarType.Float64);
        var e = Assert.Throws<ArgumentException>(() => FidFloor.Measure(real, reference, n: 300, sets: 4));
        Assert.Contains("1200", e.Message);
    }
}
