using Ddim.Cli.Commands;
using Ddim.Teaching.Data;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Training;
using static TorchSharp.torch;

namespace Ddim.Cli.Tests;

/// <summary>Regression tests: a command never loses or silently falsifies a result it or an earlier run wrote.</summary>
public sealed class DataLossTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddim-data-loss-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string In(string name) => Path.Combine(directory, name);

    private string TrainMoons(string name, int steps)
    {
        string file = In(name);
        var (code, _, error) = CliRunner.Run("train", "--dataset", "moons", "--model", "mlp", "--steps", steps.ToString(), "--batch", "16", "--points", "256", "--out", file);
        Assert.True(code == 0, error);
        return file;
    }

    [Fact]
    public void Resuming_without_out_continues_in_the_resumed_file()
    {
        string file = TrainMoons("run.ckpt", 3);
        string defaultOut = Path.GetFullPath(TrainCommand.DefaultOut);
        DateTime? before = File.Exists(defaultOut) ? File.GetLastWriteTimeUtc(defaultOut) : null;
        var (code, _, error) = CliRunner.Run("train", "--resume", file, "--steps", "5", "--points", "256");
        Assert.True(code == 0, error);
        Assert.Equal(5, Checkpoint.ReadMetadata(file).Step);
        Assert.Equal(before, File.Exists(defaultOut) ? File.GetLastWriteTimeUtc(defaultOut) : null);
    }

    [Fact]
    public void Resuming_refuses_another_data_set_and_a_step_count_it_has_passed()
    {
        string file = TrainMoons("run.ckpt", 4);
        var (code, _, error) = CliRunner.Run("train", "--resume", file, "--dataset", "ring", "--steps", "8");
        Assert.Equal(2, code);
        Assert.Contains("--dataset: ", error);
        Assert.Contains("trained on moons", error);
        (code, _, error) = CliRunner.Run("train", "--resume", file, "--steps", "2");
        Assert.Equal(2, code);
        Assert.Contains("already at step 4", error);
        Assert.Equal(4, Checkpoint.ReadMetadata(file).Step);
    }

    [Fact]
    public void A_failed_atomic_write_leaves_the_previous_file_whole_and_no_temporary_file()
    {
        string file = In("samples.csv");
        File.WriteAllText(file, "previous\n");
        // A write that fails part-way, as a full disk does.
        var fault = Assert.Throws<FileFault>(() => OutputFile.WriteAtomically(file, temporary =>
        {
            File.WriteAllText(temporary, "half of the new");
            throw new IOException("No space left on device");
        }));
        Assert.StartsWith($"{file}: could not be written (No space left on device); the previous file is unchanged", fault.Message);
        Assert.Equal("previous\n", File.ReadAllText(file));
        Assert.Equal([file], Directory.GetFiles(directory));
    }

    [Fact]
    public void A_network_with_NaN_weights_writes_no_samples_and_names_the_bad_values()
    {
        string nan = In("nan.ckpt");
        using (var shipped = Checkpoint.Read(Path.Combine(DataPaths.Checkpoints, "mlp-ring.ckpt")))
            Checkpoint.Save(nan, shipped.Metadata, shipped.Tensors.Select(kv => (kv.Key, kv.Value * double.NaN)).ToList());
        string output = In("samples.csv");
        var (code, _, error) = CliRunner.Run("sample", "--checkpoint", nan, "--n", "8", "--steps", "5", "--out", output);
        Assert.Equal(2, code);
        Assert.Contains("non-finite values", error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_sweep_row_appended_after_a_partial_last_line_starts_its_own_line()
    {
        string csv = In("sweep.csv");
        var row = new SweepRow("w", 10, SamplerNoise.Deterministic, "uniform", 1000, 12.5, 0.1, 0.01, 3, 10, "f");
        SweepTable.Append(csv, row);
        string whole = File.ReadAllText(csv);
        File.AppendAllText(csv, SweepTable.Format(row with { Steps = 20 })[..17]);
        SweepTable.Append(csv, row with { Steps = 50 });
        SweepTable.Append(csv, row with { Steps = 100 });
        Assert.Equal([10, 50, 100], SweepTable.Read(csv).Select(r => r.Steps));
        Assert.StartsWith(whole, File.ReadAllText(csv));
    }

    [Fact]
    public void A_sweep_resumes_only_rows_measured_with_the_same_model_bytes_seed_and_feature_network()
    {
        string csv = In("sweep.csv");
        var row = new SweepRow("w", 10, SamplerNoise.Deterministic, "uniform", 1000, 12.5, 0.1, 0.01, 3, 10, "f");
        var record = new SweepRunRecord("model.ckpt", "aa", Seed: 0, BatchSize: 250, Budget: null, KidSubsets: 100, FeaturesSha256: "ff");
        record.ClaimOrRefuse(csv, []);
        SweepTable.Append(csv, row);
        var rows = SweepTable.Read(csv);
        record.ClaimOrRefuse(csv, rows);
        var seed = Assert.Throws<OptionException>(() => (record with { Seed = 1 }).ClaimOrRefuse(csv, rows));
        Assert.Contains("--seed (0 then, 1 now)", seed.Message);
        var retrained = Assert.Throws<OptionException>(() => (record with { ModelSha256 = "bb" }).ClaimOrRefuse(csv, rows));
        Assert.Contains("the model (model.ckpt then, model.ckpt now, different bytes)", retrained.Message);
        var features = Assert.Throws<OptionException>(() => (record with { FeaturesSha256 = "ee", BatchSize = 100 }).ClaimOrRefuse(csv, rows));
        Assert.Contains("--batch-size (250 then, 100 now)", features.Message);
        Assert.Contains("the feature network", features.Message);
    }

    [Fact]
    public void A_second_command_on_a_locked_file_is_refused_and_told_who_holds_it()
    {
        string file = In("run.ckpt");
        using (FileLock.Acquire("--out", file, "a first run"))
        {
            var (code, _, error) = CliRunner.Run("train", "--dataset", "moons", "--model", "mlp", "--steps", "2", "--points", "256", "--out", file);
            Assert.Equal(2, code);
            Assert.Contains("--out: ", error);
            Assert.Contains("in use", error);
            Assert.False(File.Exists(file));
        }
        TrainMoons("run.ckpt", 2);
    }

    [Fact]
    public void A_sweep_on_a_locked_CSV_is_refused_before_it_measures_anything()
    {
        string csv = In("sweep.csv");
        using (FileLock.Acquire("--out", csv, "a first sweep"))
        {
            var (code, _, error) = CliRunner.Run("sweep", "--steps", "10", "--eta", "0", "--out", csv);
            Assert.Equal(2, code);
            Assert.Contains("in use", error);
        }
        Assert.False(File.Exists(csv));
    }
}
