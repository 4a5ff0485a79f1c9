using Ddim.Teaching.Metrics;
using static TorchSharp.torch;

namespace Ddim.Cli.Tests;

public sealed class FdCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("fd-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Features(string name, long n, long d, double shift)
    {
        string path = Path.Combine(directory, name);
        using var generator = new Generator(7 + (ulong)n);
        using var x = randn([n, d], dtype: ScalarType.Float64, generator: generator) + shift;
        FeatureCsv.Write(path, x);
        return path;
    }

    [Fact]
    public void Fd_prints_the_distance_with_n_and_d()
    {
        var (code, stdout, _) = CliRunner.Run("fd", Features("a.csv", 300, 3, 0), Features("b.csv", 400, 3, 1), "--kid");
        Assert.Equal(0, code);
        // Mean shift 1 in each of 3 dimensions: FD ~ 3, within sampling error of n = 300 and 400 sets.
        double fd = double.Parse(stdout.Split("FD = ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(fd, 2.5, 3.5);
        Assert.Contains("n_A = 300, n_B = 400, d = 3", stdout);
        Assert.Contains("KID = ", stdout);
    }

    [Fact]
    public void Fd_names_the_file_when_dimensions_differ_or_a_file_is_empty()
    {
        var (code, _, stderr) = CliRunner.Run("fd", Features("a.csv", 50, 3, 0), Features("wide.csv", 50, 4, 0));
        Assert.NotEqual(0, code);
        Assert.Contains("wide.csv has d = 4", stderr);
        string empty = Path.Combine(directory, "empty.csv");
        File.WriteAllText(empty, "");
        (code, _, stderr) = CliRunner.Run("fd", Features("a.csv", 50, 3, 0), empty);
        Assert.NotEqual(0, code);
        Assert.Contains("empty.csv", stderr);
        (code, _, stderr) = CliRunner.Run("fd", Features("few.csv", 5, 8, 0), Features("few2.csv", 6, 8, 0));
        Assert.NotEqual(0, code);
        Assert.Contains("KID", stderr);
    }
}
