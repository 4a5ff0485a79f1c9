using System.Security.Cryptography;
using System.Text;
using Ddim.Teaching.Data;

namespace Ddim.Cli.Tests;

/// <summary>
/// A folder of damaged inputs (checkpoints cut short, of random bytes, with a wrong dtype code or a negative size, with
/// an empty header) beside copies of the shipped files, and a fingerprint of every file in it and in data/checkpoints,
/// so a test can say "no file changed".
/// </summary>
public sealed class BrokenFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ddim-bad-input-").FullName;

    public string Ring => Path.Combine(DataPaths.Checkpoints, "mlp-ring.ckpt");

    public string Unet => Path.Combine(DataPaths.Checkpoints, "unet-fashion.ckpt");

    public BrokenFiles()
    {
        byte[] ring = File.ReadAllBytes(Ring);
        File.WriteAllBytes(In("empty.ckpt"), []);
        File.WriteAllBytes(In("truncated.ckpt"), ring[..(ring.Length / 2)]);
        using (var unet = File.OpenRead(Unet))
        {
            var head = new byte[unet.Length / 2];
            unet.ReadExactly(head);
            File.WriteAllBytes(In("truncated-unet.ckpt"), head);
        }
        File.WriteAllBytes(In("random.ckpt"), RandomNumberGenerator.GetBytes(4096));
        File.WriteAllBytes(In("image.ckpt"), [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, .. new byte[64]]);
        File.WriteAllBytes(In("empty-metadata.ckpt"), [.. "DDIMCKPT"u8, 1, 0, 0, 0, 2, (byte)'{', (byte)'}', 0, 0, 0, 0, .. "DDIMEND."u8]);
        int first = FirstTensorHeader(ring);
        byte[] dtype = (byte[])ring.Clone();
        BitConverter.GetBytes(99).CopyTo(dtype, first);
        File.WriteAllBytes(In("dtype.ckpt"), dtype);
        byte[] negative = (byte[])ring.Clone();
        BitConverter.GetBytes(-5L).CopyTo(negative, first + 4 + 8);
        File.WriteAllBytes(In("negative-size.ckpt"), negative);
        File.WriteAllText(In("sweep-exact.csv"), "world,steps,eta,spacing,n,fid,kid,kid_se,seconds,model_calls,features\n" +
            "gaussian-exact,10,0,uniform,0,12.9,,,0.03,10,exact-data-space\n");
        File.WriteAllText(In("measured.csv"), "world,steps,eta,spacing,n,fid,kid,kid_se,seconds,model_calls,features\n" +
            "w,10,0,uniform,1000,12.9,0.1,0.01,3,10,f\n");
        File.WriteAllText(In("previous.csv"), "1,2\n3,4\n");
        File.WriteAllText(In("huge.csv"), string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}e306,{21 - i}e306\n")));
        File.WriteAllText(In("small.csv"), string.Concat(Enumerable.Range(1, 20).Select(i => $"{i},{i % 3}\n")));
    }

    public string In(string name) => Path.Combine(Directory, name);

    /// <summary>Name and SHA-256 of every file in the folder and in data/checkpoints.</summary>
    public string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var folder in new[] { Directory, DataPaths.Checkpoints })
            foreach (var file in System.IO.Directory.GetFiles(folder).Order(StringComparer.Ordinal))
                text.Append(file).Append(' ').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))).Append('\n');
        return text.ToString();
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    // Magic (8), format (4), the metadata string (7-bit length prefix), the tensor count (4), the first name: then its dtype.
    private static int FirstTensorHeader(byte[] file)
    {
        int at = SkipString(file, 12) + 4;
        return SkipString(file, at);
    }

    private static int SkipString(byte[] file, int at)
    {
        int length = 0, shift = 0;
        byte b;
        do
        {
            b = file[at++];
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while (b >= 0x80);
        return at + length;
    }
}
