using Ddim.Teaching.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public class PairedBootstrapTests
{
    private const int D = 6;

    private static Tensor Gaussian(long n, long seed, double shift = 0)
    {
        using var generator = new Generator((ulong)seed);
        return torch.randn([n, D], dtype: ScalarType.Float64, generator: generator) + shift;
    }

    [Fact]
    public void Every_replicate_is_the_FID_of_its_resampled_rows_and_the_point_is_the_FID_of_all_rows()
    {
        using var reference = Gaussian(3000, 1);
        using var cell = Gaussian(300, 2, shift: 0.3);
        using var bootstrap = new PairedBootstrap(reference, samples: 300, replicates: 20, seed: 5);
        var replicates = bootstrap.Evaluate("cell", cell);
        Assert.Equal(FrechetDistance.Compute(cell, reference), replicates.FidPoint, 1e-9);
        foreach (int b in new[] { 0, 7, 19 })
        {
            var rows = bootstrap.Resample(b);
            Assert.Equal(300, rows.Length);
            using var index = torch.tensor(rows);
            using var resampled = cell.index_select(0, index);
            Assert.Equal(FrechetDistance.Compute(resampled, reference), replicates.Fid[b], 1e-9);
        }
    }

    [Fact]
    public void Differences_of_the_KID_point_equal_differences_of_the_unbiased_MMD()
    {
        using var reference = Gaussian(2000, 1);
        using var a = Gaussian(200, 2, shift: 0.2);
        using var b = Gaussian(200, 3, shift: 0.5);
        using var bootstrap = new PairedBootstrap(reference, samples: 200, replicates: 20);
        var difference = PairedBootstrap.Compare(bootstrap.Evaluate("a", a), bootstrap.Evaluate("b", b));
        double expected = Kid.UnbiasedMmdSquared(a, reference) - Kid.UnbiasedMmdSquared(b, reference);
        Assert.Equal(expected, difference.KidDiff, 1e-9);
    }

    [Fact]
    public void Pairing_shrinks_the_standard_error_of_a_difference_between_cells_that_share_samples()
    {
        using var reference = Gaussian(4000, 1);
        using var a = Gaussian(400, 2, shift: 0.3);
        using var nudge = Gaussian(400, 3) * 0.05;
        using var paired = a + nudge + 0.05;                      // the same samples, slightly moved: a cell that shares x_T
        using var independent = Gaussian(400, 4, shift: 0.35);    // same quality, but its own samples
        using var bootstrap = new PairedBootstrap(reference, samples: 400, replicates: 300, seed: 9);
        var ra = bootstrap.Evaluate("a", a);
        var pairedSe = PairedBootstrap.Compare(bootstrap.Evaluate("paired", paired), ra).FidSe;
        var independentSe = PairedBootstrap.Compare(bootstrap.Evaluate("independent", independent), ra).FidSe;
        Assert.True(pairedSe < independentSe / 4, $"paired se {pairedSe}, independent se {independentSe}");
    }

    [Fact]
    public void A_cell_compared_with_itself_has_zero_difference_and_zero_spread()
    {
        using var reference = Gaussian(1000, 1);
        using var a = Gaussian(100, 2);
        using var bootstrap = new PairedBootstrap(reference, samples: 100, replicates: 30);
        var ra = bootstrap.Evaluate("a", a);
        var d = PairedBootstrap.Compare(ra, ra);
        Assert.Equal((0.0, 0.0, 0.0), (d.Fid, d.FidSe, d.KidDiff));
    }

    [Fact]
    public void A_clear_shift_is_resolved_with_the_right_sign_and_an_interval_around_the_point()
    {
        using var reference = Gaussian(3000, 1);
        using var good = Gaussian(300, 2);
        using var bad = good + 0.6;                                // the same samples moved off the reference
        using var bootstrap = new PairedBootstrap(reference, samples: 300, replicates: 200);
        var d = PairedBootstrap.Compare(bootstrap.Evaluate("good", good), bootstrap.Evaluate("bad", bad));
        Assert.True(d.Fid < 0 && d.KidDiff < 0, $"good minus bad: FID {d.Fid}, KID {d.KidDiff}");
        Assert.True(d.FidP < 1e-6, $"p = {d.FidP}");
        var (lo, hi) = d.FidInterval;
        Assert.True(lo < d.Fid && d.Fid < hi && hi < 0, $"interval [{lo}, {hi}] around {d.Fid}");
    }

    [Fact]
    public void Cells_of_another_size_are_refused_with_the_size_named()
    {
        using var reference = Gaussian(500, 1);
        using var bootstrap = new PairedBootstrap(reference, samples: 100, replicates: 20);
        using var wrong = Gaussian(90, 2);
        var e = Assert.Throws<ArgumentException>(() => bootstrap.Evaluate("cell", wrong));
        Assert.Contains("90 samples", e.Message);
        Assert.Contains("n = 100", e.Message);
    }
}
