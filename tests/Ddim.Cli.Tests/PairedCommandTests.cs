using Ddim.Teaching.Data;

namespace Ddim.Cli.Tests;

public sealed class PairedCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pairedcommand-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void The_shipped_paired_sweep_gives_the_stored_verdicts_and_sigma_hat_is_worst_at_S_10()
    {
        string results = Path.Combine(DataPaths.Root, "results");
        string csv = Path.Combine(directory, "verdicts.csv");
        var (code, output, error) = CliRunner.Run("paired", "--sweep", Path.Combine(results, "unet-fashion-paired-sweep.csv"),
            "--features", Path.Combine(results, "unet-fashion-paired-features"), "--replicates", "1000", "--floor-sets", "1", "--out", csv);
        Assert.True(code == 0, error);
        Assert.Contains("Reproduced", output);
        Assert.Contains("S = 10: sigma-hat has the highest FID", output.Split("Reproduced")[1]);
        // Same resamples (seed 0, B = 1,000) as the stored verdict file: the same verdicts, line for line.
        var stored = File.ReadAllLines(Path.Combine(results, "unet-fashion-paired-sweep-verdicts.csv"));
        var fresh = File.ReadAllLines(csv);
        Assert.Equal(stored.Length, fresh.Length);
        Assert.Equal(stored.Select(l => l.Split(',')[11]), fresh.Select(l => l.Split(',')[11]));
    }

    [Fact]
    public void A_missing_feature_folder_is_an_error_naming_it()
    {
        string results = Path.Combine(DataPaths.Root, "results");
        var (code, _, error) = CliRunner.Run("paired", "--sweep", Path.Combine(results, "unet-fashion-paired-sweep.csv"),
            "--features", Path.Combine(directory, "nowhere"), "--replicates", "20", "--out", Path.Combine(directory, "v.csv"));
        Assert.Equal(1, code);
        Assert.StartsWith("error: No features for the cell", error);
        Assert.Contains("nowhere", error);
    }
}
