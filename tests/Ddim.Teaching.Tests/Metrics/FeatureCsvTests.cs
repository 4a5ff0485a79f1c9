using Ddim.Teaching.Metrics;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests.Metrics;

public sealed class FeatureCsvTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("features-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string WriteText(string name, string text)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Written_features_read_back_bit_for_bit()
    {
        using var x = randn(7, 3, dtype: ScalarType.Float64);
        string path = Path.Combine(directory, "x.csv");
        FeatureCsv.Write(path, x);
        using var back = FeatureCsv.Read(path);
        Assert.True(back.eq(x).all().item<bool>());
    }

    [Fact]
    public void A_header_line_is_skipped()
    {
        using var x = FeatureCsv.Read(WriteText("h.csv", "f0,f1\n1,2\n3,4\n"));
        Assert.Equal([2L, 2L], x.shape);
        Assert.Equal(10.0, x.sum().item<double>());
    }

    [Theory]
    [InlineData("", "no feature vectors")]
    [InlineData("a,b\n", "no feature vectors")]
    [InlineData("1,2\n3\n", "line 2: 1 values, but earlier rows have 2")]
    [InlineData("1,2\nNaN,4\n", "line 2: contains NaN")]
    [InlineData("1,2\n3,x\n", "line 2: not a list")]
    public void Bad_files_are_refused_with_the_file_and_line(string text, string expected)
    {
        string path = WriteText("bad.csv", text);
        var error = Assert.Throws<ArgumentException>(() => FeatureCsv.Read(path));
        Assert.Contains("bad.csv", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
