using System.Buffers.Binary;
using System.Text;

namespace Ddim.Teaching.Native;

/// <summary>
/// Reads and edits the version-needs table (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared
/// library. Used to mark a single symbol-version requirement as weak (<c>VER_FLG_WEAK</c>), so that the
/// dynamic loader accepts a system library that lacks that version.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>One <c>Vernaux</c> entry: a version name required from a library file.</summary>
    public sealed record Need(string File, string Version, ushort Flags, long FlagsOffset)
    {
        /// <summary>Whether the need is marked weak (VER_FLG_WEAK), so a missing version no longer stops the library loading.</summary>
        public bool IsWeak => (Flags & VerFlgWeak) != 0;
    }

    /// <summary>Every version requirement in the file (empty when it has no version-needs section).</summary>
    public static IReadOnlyList<Need> Read(string path) => Read(File.ReadAllBytes(path), path);

    private static List<Need> Read(byte[] elf, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException($"{path} is not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");

        var span = elf.AsSpan();
        long shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);

        long Section(int index, int field, int size) =>
            size == 4
                ? BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan((int)(shoff + index * shentsize + field)))
                : (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan((int)(shoff + index * shentsize + field)));

        var needs = new List<Need>();
        for (int i = 0; i < shnum; i++)
        {
            if ((uint)Section(i, 4, 4) != ShtGnuVerneed) continue;
            long offset = Section(i, 0x18, 8);
            int link = (int)Section(i, 0x28, 4);
            int count = (int)Section(i, 0x2C, 4);
            long strtab = Section(link, 0x18, 8);

            string Str(uint at)
            {
                int start = (int)(strtab + at), end = start;
                while (elf[end] != 0) end++;
                return Encoding.ASCII.GetString(elf, start, end - start);
            }

            long vn = offset;
            for (int n = 0; n < count; n++)
            {
                int cnt = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(vn + 2)..]);
                string file = Str(BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(vn + 4)..]));
                long aux = vn + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(vn + 8)..]);
                for (int a = 0; a < cnt; a++)
                {
                    ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(aux + 4)..]);
                    string name = Str(BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 8)..]));
                    needs.Add(new Need(file, name, flags, aux + 4));
                    aux += BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 12)..]);
                }
                vn += BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(vn + 12)..]);
            }
        }
        return needs;
    }

    /// <summary>
    /// Marks <paramref name="version"/> as a weak requirement. Returns false when the file does not need that
    /// version or already marks it weak (idempotent). The file is replaced atomically.
    /// </summary>
    public static bool MarkWeak(string path, string version)
    {
        var elf = File.ReadAllBytes(path);
        var targets = Read(elf, path).Where(n => n.Version == version && !n.IsWeak).ToList();
        if (targets.Count == 0) return false;
        foreach (var need in targets)
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan((int)need.FlagsOffset), (ushort)(need.Flags | VerFlgWeak));

        string temp = path + ".weak-" + Environment.ProcessId + ".tmp";
        File.WriteAllBytes(temp, elf);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        File.Move(temp, path, overwrite: true);
        return true;
    }
}
