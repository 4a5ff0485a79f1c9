using Ddim.Teaching.Data;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;

namespace Ddim.Teaching.Tests;

public class StoredSweepReadingTests
{
    [Fact]
    public void The_reading_of_the_shipped_CPU_table_holds_on_its_stored_features()
    {
        string Results(string name) => Path.Combine(DataPaths.Root, "results", name);
        using var features = ClassifierFeatures.Load();
        using var reference = features.Extract(FashionMnist.Load(Split.Test).Images);
        var stored = SweepTable.Read(Results("unet-fashion-paired-sweep.csv"));
        var paired = PairedSweep.Measure(PairedSweep.CompleteSteps(stored), new FeatureStore(Results("unet-fashion-paired-features")), reference, replicates: 1000);
        var checks = StoredSweepReading.ShippedCpuModel(paired, Table1Claims.Evaluate(paired));
        Assert.Equal(7, checks.Rows.Count);
        Assert.All(checks.Rows, r => Assert.True(r.Passed, r.Claim));
    }
}
