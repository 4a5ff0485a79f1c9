using Ddim.Teaching.Experiments;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public sealed class FeatureStoreTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("featurestore-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Features_round_trip_at_float16_precision_and_keep_FID_to_a_thousandth()
    {
        var store = new FeatureStore(Path.Combine(directory, "cells"));
        using var generator = new Generator(4);
        using var reference = torch.randn([2000, 8], dtype: ScalarType.Float64, generator: generator) * 3;
        using var features = torch.randn([300, 8], dtype: ScalarType.Float64, generator: generator) * 3 + 1;
        store.Write("uniform", 10, SamplerNoise.FromEta(0.5), features);
        Assert.True(store.Contains("uniform", 10, SamplerNoise.FromEta(0.5)));
        Assert.Equal("uniform-S10-eta0.5.f16.gz", Path.GetFileName(store.PathOf("uniform", 10, SamplerNoise.FromEta(0.5))));
        using var back = store.Read("uniform", 10, SamplerNoise.FromEta(0.5));
        Assert.Equal(features.shape, back.shape);
        // float16 keeps 11 significant bits: relative error at most 2^-11 per value.
        double worst = ((back - features).abs() / (features.abs() + 1e-3)).max().item<double>();
        Assert.True(worst <= 1.0 / 2048, $"largest relative error {worst}");
        double fid = FrechetDistance.Compute(features, reference), fidBack = FrechetDistance.Compute(back, reference);
        Assert.True(Math.Abs(fid - fidBack) <= 1e-3 * fid, $"FID {fid} from float64, {fidBack} from the store");
    }

    [Fact]
    public void A_missing_cell_names_the_cell_and_the_folder_and_a_truncated_file_is_refused()
    {
        var store = new FeatureStore(directory);
        var missing = Assert.Throws<FileNotFoundException>(() => store.Read("uniform", 20, SamplerNoise.SigmaHat));
        Assert.Contains("S = 20", missing.Message);
        Assert.Contains(directory, missing.Message);
        using var features = torch.ones([50, 4]);
        store.Write("uniform", 20, SamplerNoise.SigmaHat, features);
        string path = store.PathOf("uniform", 20, SamplerNoise.SigmaHat);
        using (var whole = FeatureStore.ReadFile(path)) Assert.Equal([50L, 4], whole.shape);
        // Rewrite the file short: the header says 50 x 4, only 10 x 4 values follow.
        using (var file = File.Create(path))
        using (var zip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        using (var writer = new BinaryWriter(zip))
        {
            writer.Write("DDIMF16\n"u8.ToArray());
            writer.Write(50);
            writer.Write(4);
            for (int i = 0; i < 40; i++) writer.Write((Half)1f);
        }
        var truncated = Assert.Throws<InvalidDataException>(() => FeatureStore.ReadFile(path));
        Assert.Contains("ends early", truncated.Message);
    }

    [Fact]
    public void A_sweep_with_a_store_keeps_each_cells_features_and_they_give_the_cells_FID()
    {
        var schedule = NoiseSchedule.Linear();
        double[] mean = [0.5, -0.3, 0.0, 0.2], std = [0.3, 0.6, 0.2, 0.9];
        using var generator = new Generator(77);
        using var reference = torch.randn([3000, 4], dtype: ScalarType.Float64, generator: generator) * torch.tensor(std) + torch.tensor(mean);
        var sweep = new FidSweep(new GaussianNoisePredictor(schedule, new DiagonalGaussian(mean, std.Select(s => s * s).ToArray())), schedule, [4], x => x.to_type(ScalarType.Float64), reference, "identity");
        var config = new SweepConfig([2, 5], [SamplerNoise.Deterministic, SamplerNoise.Ddpm], [SkipKind.Uniform], Samples: 200, BatchSize: 100, KidSubsets: 10);
        var store = new FeatureStore(Path.Combine(directory, "features"));
        string csv = Path.Combine(directory, "paired.csv");
        var rows = sweep.Run(config, csv, store: store);
        foreach (var row in rows)
        {
            using var kept = store.Read(row.Spacing, row.Steps, row.Eta);
            Assert.Equal(200, kept.shape[0]);
            double fid = FrechetDistance.Compute(kept, reference);
            Assert.True(Math.Abs(fid - row.Fid) <= 1e-3 * row.Fid + 1e-6, $"S = {row.Steps}, eta = {row.Eta}: stored {fid}, row {row.Fid}");
        }
        // Resuming finds every cell done; a cell in the CSV without its features is an error that says what to do.
        Assert.Equal(rows.Select(r => r.Fid), sweep.Run(config, csv, store: store).Select(r => r.Fid));
        File.Delete(store.PathOf("uniform", 5, SamplerNoise.Ddpm));
        var e = Assert.Throws<InvalidOperationException>(() => sweep.Run(config, csv, store: store));
        Assert.Contains("S = 5, eta = 1", e.Message);
    }
}
