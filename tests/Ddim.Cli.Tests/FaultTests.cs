using System.Diagnostics;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Training;

namespace Ddim.Cli.Tests;

/// <summary>
/// Faults from outside: SIGKILL during every kind of write, SIGTERM, a second process on the same output, a full disk.
/// Each runs <c>ddim</c> as its own process; the kill points are spread over the run, so across kinds and repeats they
/// land in loading, computing and writing.
/// </summary>
public sealed class FaultTests : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly string directory = Directory.CreateTempSubdirectory("ddim-faults-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string In(string name) => Path.Combine(directory, name);

    private static string[] Train(string file, int steps) =>
        ["train", "--dataset", "moons", "--model", "mlp", "--steps", steps.ToString(), "--batch", "64", "--points", "4096", "--checkpoint-every", "1", "--log-every", "1", "--out", file];

    [Fact]
    public void Killing_training_during_checkpoint_saves_always_leaves_a_loadable_checkpoint()
    {
        string file = In("run.ckpt");
        long lastStep = 0;
        foreach (int delayMs in new[] { 0, 50, 150, 400 })
        {
            using var run = new DdimProcess(File.Exists(file) ? ["train", "--resume", file, "--steps", "100000", "--log-every", "1"] : Train(file, 100000));
            // Three steps reported: the first two were saved, then the kill lands in later steps and saves.
            Assert.True(run.WaitFor(" ex/s", Minute, times: 3), run.Output);
            Thread.Sleep(delayMs);
            run.Kill();
            run.Wait(Minute);
            using var checkpoint = Checkpoint.Read(file);
            Assert.True(checkpoint.Metadata.Step >= lastStep, $"step went back from {lastStep} to {checkpoint.Metadata.Step}");
            lastStep = checkpoint.Metadata.Step;
        }
        Assert.True(lastStep > 0);
        // A completed run leaves the checkpoint alone: the temporary file of a killed save is replaced and renamed away.
        var (code, _, error) = CliRunner.Run("train", "--resume", file, "--steps", (lastStep + 2).ToString());
        Assert.True(code == 0, error);
        Assert.Equal([file], Directory.GetFiles(directory));
    }

    [Fact]
    public void Sigterm_stops_training_with_its_own_exit_code_and_a_resumable_checkpoint()
    {
        string file = In("run.ckpt");
        using var run = new DdimProcess(Train(file, 100000));
        Assert.True(run.WaitFor(" ex/s", Minute), run.Output);
        run.Terminate();
        Assert.Equal(4, run.Wait(Minute));
        Assert.Contains("stopped on request", run.Output);
        Assert.True(Checkpoint.ReadMetadata(file).Step > 0);
    }

    [Fact]
    public void A_second_training_on_the_same_checkpoint_is_refused_naming_the_first_process()
    {
        string file = In("run.ckpt");
        using var first = new DdimProcess(Train(file, 100000));
        Assert.True(first.WaitFor(" ex/s", Minute), first.Output);
        var (code, _, error) = CliRunner.Run(Train(file, 10));
        first.Terminate();
        first.Wait(Minute);
        Assert.Equal(2, code);
        Assert.Contains($"pid {first.Id}", error);
        Assert.True(Checkpoint.ReadMetadata(file).Step > 0);
    }

    [Fact]
    public void Killing_sample_while_it_writes_leaves_the_previous_file_or_the_whole_new_one()
    {
        string file = In("samples.csv");
        const int n = 100_000;
        foreach (int delayMs in new[] { 1000, 2000, 3000 })
        {
            File.WriteAllText(file, "previous\n");
            using var run = new DdimProcess("sample", "--n", n.ToString(), "--dim", "8", "--steps", "2", "--skip", "linear", "--out", file);
            Thread.Sleep(delayMs + 1000);
            run.Kill();
            run.Wait(Minute);
            string[] lines = File.ReadAllLines(file);
            Assert.True(lines is ["previous"] || lines.Length == n, $"{lines.Length} lines after a kill at {delayMs} ms");
        }
        // The next write removes the temporary files the killed ones left.
        var (code, _, error) = CliRunner.Run("sample", "--n", "10", "--dim", "8", "--steps", "2", "--skip", "linear", "--out", file);
        Assert.True(code == 0, error);
        Assert.Equal(10, File.ReadAllLines(file).Length);
        Assert.Equal([file], Directory.GetFiles(directory));
    }

    [Fact]
    public void Killing_a_sweep_between_and_during_rows_leaves_a_table_that_resumes_to_every_cell_once()
    {
        string csv = In("sweep.csv");
        string[] sweep = ["sweep", "--steps", "2,3,4,5", "--eta", "0", "--n", "150", "--batch-size", "150", "--kid-subsets", "10", "--out", csv];
        foreach (int delayMs in new[] { 500 })
        {
            using var run = new DdimProcess(sweep);
            Assert.True(run.WaitFor("Floor at this n", Minute), run.Output);
            Thread.Sleep(delayMs);
            run.Kill();
            run.Wait(Minute);
            if (File.Exists(csv))
                SweepTable.Read(csv);
        }
        using var finish = new DdimProcess(sweep);
        Assert.True(finish.Wait(TimeSpan.FromMinutes(3)) == 0, finish.Output);
        var rows = SweepTable.Read(csv);
        Assert.Equal([2, 3, 4, 5], rows.Select(r => r.Steps));
    }

    [Fact]
    public void A_full_disk_fails_with_one_line_and_keeps_the_previous_file()
    {
        string mount = In("small");
        Directory.CreateDirectory(mount);
        using (var tmpfs = Process.Start("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount])!)
        {
            tmpfs.WaitForExit();
            if (tmpfs.ExitCode != 0)
                return; // Not allowed to mount here: A_failed_atomic_write_leaves_the_previous_file_whole simulates the failure instead.
        }
        try
        {
            string file = Path.Combine(mount, "samples.csv");
            File.WriteAllText(file, "previous\n");
            var (code, _, error) = CliRunner.Run("sample", "--n", "5000", "--dim", "4", "--steps", "2", "--skip", "linear", "--out", file);
            Assert.Equal(2, code);
            Assert.StartsWith($"error: {file}: could not be written", error);
            Assert.Equal("previous\n", File.ReadAllText(file));
            Assert.Equal([file], Directory.GetFiles(mount));
        }
        finally
        {
            Process.Start("umount", [mount])!.WaitForExit();
        }
    }
}
