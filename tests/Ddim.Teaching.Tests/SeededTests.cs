using Ddim.Teaching.Data;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class SeededTests
{
    private static Device[] Targets() => torch.cuda.is_available() ? [CPU, CUDA] : [CPU];

    [Fact]
    public void The_same_seed_gives_the_same_noise_whatever_the_target_device()
    {
        using var scope = NewDisposeScope();
        using var reference = Seeded.Generator(42);
        var expected = Seeded.Randn([3, 1, 4, 4], reference);
        foreach (var device in Targets().Cast<Device?>().Append(null))
        {
            using var g = Seeded.Generator(42);
            var drawn = Seeded.Randn([3, 1, 4, 4], g, device);
            Assert.Equal(device?.type ?? DeviceType.CPU, drawn.device.type);
            Assert.True(drawn.cpu().eq(expected).all().item<bool>(), $"noise on {device} differs from the CPU draw");
        }
    }

    [Fact]
    public void Every_kind_of_draw_depends_on_the_seed_only()
    {
        using var scope = NewDisposeScope();
        foreach (var device in Targets())
        {
            using var a = Seeded.Generator(7);
            using var b = Seeded.Generator(7);
            Assert.True(Seeded.Rand([5], a, device).cpu().eq(Seeded.Rand([5], b)).all().item<bool>());
            Assert.True(Seeded.Randint(1000, [5], a, device).cpu().eq(Seeded.Randint(1000, [5], b)).all().item<bool>());
            Assert.True(Seeded.Randperm(9, a, device).cpu().eq(Seeded.Randperm(9, b)).all().item<bool>());
            var weights = tensor(new[] { 0.2, 0.3, 0.5 });
            Assert.True(Seeded.Categorical(weights, 6, a, device).cpu().eq(Seeded.Categorical(weights, 6, b)).all().item<bool>());
        }
    }

    [Fact]
    public void Seeded_draws_on_the_CPU_are_torch_draws_from_that_seed()
    {
        // The helper changes where draws land, not which numbers: CPU results equal a plain torch draw (shipped figures stay).
        using var scope = NewDisposeScope();
        using var g1 = Seeded.Generator(3);
        using var g2 = new Generator(3);
        Assert.True(Seeded.Randn([4, 2], g1).eq(randn([4, 2], generator: g2)).all().item<bool>());
        Assert.True(Seeded.Randint(50, [8], g1).eq(randint(50, [8], generator: g2)).all().item<bool>());
    }

    [Fact]
    public void A_stochastic_DDIM_sample_repeats_from_its_seed_on_every_device()
    {
        using var scope = NewDisposeScope();
        var schedule = NoiseSchedule.Linear();
        var sampler = new DdimSampler(schedule);
        var model = new GaussianWorld.GaussianNoisePredictor(schedule, 0.3, 0.5, 2);
        var sequence = TimestepSequence.Uniform(schedule.T, 5);
        Tensor? first = null;
        foreach (var device in Targets())
        {
            using var g = Seeded.Generator(11);
            var xT = Seeded.Randn([16, 2], g, device, ScalarType.Float64);
            var x0 = sampler.Sample(model, xT, sequence, SamplerNoise.Ddpm, g).X0.cpu();
            first ??= x0;
            Assert.True(x0.allclose(first, rtol: 1e-6, atol: 1e-9), $"eta = 1 samples on {device} differ from the first device's");
        }
    }

    [Fact]
    public void Flips_come_from_the_generator_so_a_seed_fixes_them()
    {
        using var scope = NewDisposeScope();
        var images = arange(2 * 1 * 2 * 3, dtype: ScalarType.Float32).reshape(2, 1, 2, 3);
        using var a = Seeded.Generator(5);
        using var b = Seeded.Generator(5);
        Assert.True(FashionMnist.RandomHorizontalFlip(images, a).eq(FashionMnist.RandomHorizontalFlip(images, b)).all().item<bool>());
    }
}
