using Ddim.Teaching.Experiments;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public sealed class FidSweepTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("fidsweep-").FullName;
    private static readonly NoiseSchedule Schedule = NoiseSchedule.Linear();
    private static readonly double[] Mean = [0.5, -0.3, 0.0, 0.2];
    private static readonly double[] Std = [0.3, 0.6, 0.2, 0.9];
    private static readonly DiagonalGaussian Data = new(Mean, Std.Select(s => s * s).ToArray());

    public void Dispose() => Directory.Delete(directory, recursive: true);

    // The Gaussian world with identity features: measured FID must reproduce the exact FD of the same sampler.
    private static FidSweep GaussianWorldSweep(long referenceCount)
    {
        using var generator = new Generator(77);
        var reference = torch.randn([referenceCount, 4], dtype: ScalarType.Float64, generator: generator) * torch.tensor(Std) + torch.tensor(Mean);
        return new FidSweep(new GaussianNoisePredictor(Schedule, Data), Schedule, [4], x => x.to_type(ScalarType.Float64), reference, "identity");
    }

    [Fact]
    public void Measured_sweep_agrees_with_the_exact_Gaussian_world_table()
    {
        var config = new SweepConfig([5, 20], [SamplerNoise.Deterministic, SamplerNoise.Ddpm], [SkipKind.Uniform], Samples: 4000, BatchSize: 1000, World: "gaussian-sampled", KidSubsets: 10);
        var measured = GaussianWorldSweep(20_000).Run(config, Path.Combine(directory, "m.csv"));
        var exact = ExactSweep.Rows(Schedule, Data, config.Steps, config.Noises, config.Spacings);
        Assert.Equal(4, measured.Count);
        foreach (var (m, e) in measured.Zip(exact))
        {
            Assert.Equal((m.Steps, m.Eta, m.ModelCalls), (e.Steps, e.Eta, e.ModelCalls));
            // d = 4, n = 4,000 generated and 20,000 reference: the FD estimate has bias ~ d/n and noise of a few 0.01
            // for distances of order 0.1-1; 0.05 absolute is about three such errors.
            Assert.True(Math.Abs(m.Fid - e.Fid) < 0.05, $"S = {m.Steps}, eta = {m.Eta}: measured {m.Fid}, exact {e.Fid}");
        }
        Assert.True(exact[0].Fid > exact[2].Fid, "the exact table must improve with S for eta = 0");
    }

    [Fact]
    public void An_interrupted_sweep_resumes_from_the_cells_already_written()
    {
        string csv = Path.Combine(directory, "resume.csv");
        var config = new SweepConfig([2, 3], [SamplerNoise.Deterministic, SamplerNoise.FromEta(0.5)], [SkipKind.Uniform], Samples: 200, BatchSize: 100, KidSubsets: 10);
        var sweep = GaussianWorldSweep(2000);
        var first = sweep.Run(config, csv);
        var lines = File.ReadAllLines(csv);
        File.WriteAllText(csv, string.Join("\n", lines.Take(3)) + "\n" + lines[3][..10]);
        var runCells = new HashSet<int>();
        var second = sweep.Run(config, csv, p => runCells.Add(p.Cell));
        Assert.Equal([3, 4], runCells.Order());
        Assert.Equal(first.Select(r => (r.Steps, r.Eta, r.Fid, r.Kid)), second.Select(r => (r.Steps, r.Eta, r.Fid, r.Kid)));
        Assert.Equal(5, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void A_budget_cap_that_leaves_fewer_samples_than_feature_dimensions_is_refused_before_sampling()
    {
        var config = new SweepConfig([10, 1000], [SamplerNoise.Deterministic], [SkipKind.Uniform], Samples: 100, MaxEvaluationsPerCell: 2000);
        Assert.Equal(100, config.SamplesFor(10));
        Assert.Equal(2, config.SamplesFor(1000));
        var error = Assert.Throws<ArgumentException>(() => GaussianWorldSweep(100).Run(config, Path.Combine(directory, "x.csv")));
        Assert.Contains("S = 1000 would use n = 2", error.Message);
        Assert.False(File.Exists(Path.Combine(directory, "x.csv")));
    }
}
