using System.Buffers.Binary;
using System.IO.Compression;

namespace Ddim.Teaching.Data;

/// <summary>The contents of one IDX file: unsigned bytes and their dimensions (e.g. [60000, 28, 28]).</summary>
public sealed record IdxArray(byte[] Data, int[] Dimensions);

/// <summary>Thrown when a data file is missing, truncated or not the file it claims to be.</summary>
public sealed class DataFileException(string message) : Exception(message);

/// <summary>
/// Reader for the IDX format of (Fashion-)MNIST: a big-endian magic 0x00 0x00 type rank, then rank big-endian int32
/// dimensions, then the values. Only unsigned bytes (type 0x08) occur in these data sets.
/// </summary>
public static class Idx
{
    /// <summary>Magic number of an IDX file of unsigned bytes with the given rank (0x801 labels, 0x803 images).</summary>
    public static int Magic(int rank) => 0x0800 | rank;

    /// <summary>
    /// Reads a gzip-compressed IDX file and checks its magic and, where given, its dimensions. Fails with a
    /// <see cref="DataFileException"/> that names the file and what was wrong.
    /// </summary>
    public static IdxArray ReadGz(string path, int expectedRank, int[]? expectedDimensions = null)
    {
        if (!File.Exists(path))
            throw new DataFileException($"{path}: file not found.");
        try
        {
            using var file = File.OpenRead(path);
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var stream = new BufferedStream(gz, 1 << 20);
            return Read(stream, path, expectedRank, expectedDimensions);
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException($"{path}: not a valid gzip stream ({e.Message}); the file is corrupt - rerun environment/get-data.sh.");
        }
    }

    /// <summary>Reads an uncompressed IDX stream; <paramref name="name"/> is used in error messages.</summary>
    public static IdxArray Read(Stream stream, string name, int expectedRank, int[]? expectedDimensions = null)
    {
        Span<byte> header = stackalloc byte[4];
        ReadExactly(stream, header, name, "the magic number");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != Magic(expectedRank))
            throw new DataFileException($"{name}: wrong magic number 0x{magic:X8}, expected 0x{Magic(expectedRank):X8} (unsigned bytes, rank {expectedRank}).");

        var dims = new int[expectedRank];
        for (int i = 0; i < expectedRank; i++)
        {
            ReadExactly(stream, header, name, $"dimension {i}");
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(header);
            if (dims[i] <= 0)
                throw new DataFileException($"{name}: dimension {i} is {dims[i]}, expected a positive size.");
        }
        if (expectedDimensions is not null && !dims.SequenceEqual(expectedDimensions))
            throw new DataFileException($"{name}: dimensions [{string.Join(", ", dims)}], expected [{string.Join(", ", expectedDimensions)}] (wrong count or image size).");

        long count = dims.Aggregate(1L, (a, d) => a * d);
        var data = new byte[count];
        int got = 0;
        while (got < data.Length)
        {
            int n = stream.Read(data, got, data.Length - got);
            if (n == 0)
                throw new DataFileException($"{name}: short read, {got} of {count} data bytes present (file truncated); rerun environment/get-data.sh.");
            got += n;
        }
        return new IdxArray(data, dims);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name, string what)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = stream.Read(buffer[got..]);
            if (n == 0)
                throw new DataFileException($"{name}: short read in the header ({what}); the file is truncated or empty.");
            got += n;
        }
    }
}
