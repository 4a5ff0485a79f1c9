using Ddim.Teaching.Data;

namespace Ddim.Cli.Tests;

public sealed class PairedSolversCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pairedsolvers-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string Results(string name) => Path.Combine(DataPaths.Root, "results", name);

    [Fact]
    public void The_shipped_solver_sweep_gives_the_stored_verdicts_and_DPM_Solver_beats_DDIM_at_NFE_5()
    {
        string csv = Path.Combine(directory, "verdicts.csv");
        var (code, output, error) = CliRunner.Run("paired", "--by", "solver", "--sweep", Results("unet-fashion-solvers-paired.csv"),
            "--features", Results("unet-fashion-solvers-paired-features"), "--replicates", "1000", "--floor-sets", "1", "--out", csv);
        Assert.True(code == 0, error);
        Assert.Contains("fashion-mnist-unet-ddim S = 5 (NFE 5) vs fashion-mnist-unet-dpmpp2m S = 5 (NFE 5)", output);
        // Same resamples (seed 0, B = 1,000) as the stored verdict file: the same comparisons and verdicts, line for line.
        var stored = File.ReadAllLines(Results("unet-fashion-solvers-paired-verdicts.csv"));
        var fresh = File.ReadAllLines(csv);
        Assert.Equal(stored.Select(l => string.Join(",", l.Split(',')[..6].Append(l.Split(',')[13]))),
            fresh.Select(l => string.Join(",", l.Split(',')[..6].Append(l.Split(',')[13]))));
        var dpm = fresh.Single(l => l.StartsWith("fashion-mnist-unet-ddim,5,5,fashion-mnist-unet-dpmpp2m,5,5,"));
        Assert.Equal("BBetter", dpm.Split(',')[13]);
    }

    [Fact]
    public void A_sweep_with_one_world_label_is_refused_with_the_fix()
    {
        var (code, _, error) = CliRunner.Run("paired", "--by", "solver", "--sweep", Results("unet-fashion-paired-sweep.csv"),
            "--features", Results("unet-fashion-paired-features"), "--replicates", "20", "--out", Path.Combine(directory, "v.csv"));
        Assert.NotEqual(0, code);
        Assert.Contains("one world label", error);
        Assert.Contains("--by eta", error);
    }

    [Fact]
    public void Sweeps_and_feature_folders_must_pair_up_and_kept_worlds_must_exist()
    {
        string sweep = Results("unet-fashion-solvers-paired.csv"), folder = Results("unet-fashion-solvers-paired-features");
        var (code, _, error) = CliRunner.Run("paired", "--by", "solver", "--sweep", sweep, "--sweep", sweep, "--features", folder, "--out", Path.Combine(directory, "v.csv"));
        Assert.Equal(2, code);
        Assert.Contains("--features: 2 --sweep and 1 --features given", error);
        (code, _, error) = CliRunner.Run("paired", "--by", "solver", "--sweep", sweep, "--features", folder, "--worlds", "fashion-mnist-unet-ddim,euler",
            "--out", Path.Combine(directory, "v.csv"));
        Assert.Equal(2, code);
        Assert.Contains("--worlds: no cells labelled euler", error);
        (code, _, error) = CliRunner.Run("paired", "--sweep", sweep, "--sweep", sweep, "--features", folder, "--features", folder, "--out", Path.Combine(directory, "v.csv"));
        Assert.Equal(2, code);
        Assert.Contains("--by eta judges the samplers of one sweep", error);
        Assert.False(File.Exists(Path.Combine(directory, "v.csv")));
    }

    [Fact]
    public void Two_sweeps_from_the_same_x_T_are_one_family_and_Heun_gains_from_the_Karras_grid()
    {
        string csv = Path.Combine(directory, "karras.csv");
        var (code, output, error) = CliRunner.Run("paired", "--by", "solver",
            "--sweep", Results("unet-fashion-solvers-paired.csv"), "--features", Results("unet-fashion-solvers-paired-features"),
            "--sweep", Results("unet-fashion-karras-paired.csv"), "--features", Results("unet-fashion-karras-paired-features"),
            "--worlds", "fashion-mnist-unet-ddim,fashion-mnist-unet-heun,fashion-mnist-unet-ddim-karras,fashion-mnist-unet-heun-karras",
            "--replicates", "100", "--floor-sets", "1", "--out", csv);
        Assert.True(code == 0, error);
        Assert.Contains("16 cells of 4 solvers", output);
        var rows = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(49, rows.Count);
        Assert.DoesNotContain(rows, r => r[0].EndsWith("dpmpp2m") || r[3].EndsWith("dpmpp2m"));
        // Heun S = 10 (NFE 19): uniform minus Karras is about +127 FID, far beyond any resampling noise at n = 1,000.
        var heun = rows.Single(r => r[0] == "fashion-mnist-unet-heun" && r[1] == "10" && r[3] == "fashion-mnist-unet-heun-karras" && r[4] == "10");
        Assert.Equal("BBetter", heun[13]);
    }
}
