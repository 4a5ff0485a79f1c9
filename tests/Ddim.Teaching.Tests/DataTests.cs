using System.Buffers.Binary;
using System.IO.Compression;
using Ddim.Teaching.Data;
using TorchSharp;

namespace Ddim.Teaching.Tests;

public class DataTests
{
    private static byte[] IdxBytes(int magic, int[] dims, int dataBytes)
    {
        var bytes = new byte[4 + 4 * dims.Length + dataBytes];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        for (int i = 0; i < dataBytes; i++)
            bytes[4 + 4 * dims.Length + i] = (byte)(i * 37 % 256);
        return bytes;
    }

    private static string WriteGz(byte[] content)
    {
        string path = Path.Combine(Path.GetTempPath(), $"idx-{Guid.NewGuid():N}.gz");
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(content);
        return path;
    }

    [Fact]
    public void Idx_reader_returns_the_dimensions_and_bytes_written()
    {
        string path = WriteGz(IdxBytes(0x803, [3, 4, 5], 60));
        try
        {
            var idx = Idx.ReadGz(path, 3, [3, 4, 5]);
            Assert.Equal([3, 4, 5], idx.Dimensions);
            Assert.Equal(60, idx.Data.Length);
            Assert.Equal((byte)(59 * 37 % 256), idx.Data[59]);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(0x801, 3, 60, "wrong magic")]
    [InlineData(0x803, 3, 59, "short read")]
    [InlineData(0x803, 2, 40, "dimensions [2, 4, 5], expected [3, 4, 5]")]
    public void Idx_reader_names_the_file_and_the_fault(int magic, int count, int dataBytes, string fault)
    {
        string path = WriteGz(IdxBytes(magic, [count, 4, 5], dataBytes));
        try
        {
            var e = Assert.Throws<DataFileException>(() => Idx.ReadGz(path, 3, [3, 4, 5]));
            Assert.Contains(path, e.Message);
            Assert.Contains(fault, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Idx_reader_reports_a_truncated_header_and_a_broken_gzip()
    {
        string shortHeader = WriteGz([0, 0, 8]);
        string notGzip = Path.Combine(Path.GetTempPath(), $"idx-{Guid.NewGuid():N}.gz");
        File.WriteAllBytes(notGzip, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        try
        {
            Assert.Contains("short read in the header", Assert.Throws<DataFileException>(() => Idx.ReadGz(shortHeader, 1)).Message);
            Assert.Contains(notGzip, Assert.Throws<DataFileException>(() => Idx.ReadGz(notGzip, 1)).Message);
        }
        finally { File.Delete(shortHeader); File.Delete(notGzip); }
    }

    [Fact]
    public void Missing_fashion_mnist_names_the_setup_command()
    {
        var e = Assert.Throws<DataFileException>(() => FashionMnist.Load(Split.Test, Path.Combine(Path.GetTempPath(), "no-such-dir")));
        Assert.Contains(FashionMnist.SetupCommand, e.Message);
    }

    [Fact]
    public void Scaling_maps_0_and_255_to_minus_one_and_one_and_flip_mirrors_rows()
    {
        var pixels = new byte[28 * 28];
        pixels[0] = 255;
        using var x = FashionMnist.ScaleToSymmetric(pixels, 1);
        Assert.Equal([1L, 1, 28, 28], x.shape);
        Assert.Equal(1.0f, x[0, 0, 0, 0].item<float>());
        Assert.Equal(-1.0f, x[0, 0, 0, 1].item<float>());
        using var flipped = FashionMnist.RandomHorizontalFlip(x.expand(64, 1, 28, 28), new torch.Generator(1));
        long mirrored = flipped[.., 0, 0, 27].eq(1.0f).sum().item<long>();
        // 64 fair coin flips: 0 or 64 mirrored images has probability 2^-63.
        Assert.InRange(mirrored, 1, 63);
        Assert.Equal(64 - mirrored, flipped[.., 0, 0, 0].eq(1.0f).sum().item<long>());
    }

    [Fact]
    public void Fashion_mnist_test_split_loads_ten_thousand_images_in_range()
    {
        using var set = FashionMnist.Load(Split.Test);
        Assert.Equal([10000L, 1, 28, 28], set.Images.shape);
        Assert.Equal(-1.0f, set.Images.min().item<float>());
        Assert.Equal(1.0f, set.Images.max().item<float>());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 1000L), Enumerable.Range(0, 10).Select(c => set.Labels.eq(c).sum().item<long>()));
    }
}
