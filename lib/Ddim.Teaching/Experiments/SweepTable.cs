using System.Globalization;
using System.Text;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Sampling;

namespace Ddim.Teaching.Experiments;

/// <summary>
/// One cell of an FID-versus-S table, measured (samples of a trained model, features of a named network) or exact
/// (the Gaussian world, where the sampler's output distribution and its Frechet distance are known in closed form).
/// <see cref="Steps"/> is the requested S; <see cref="ModelCalls"/> the network evaluations per sample actually made
/// (the sequence length, which differs from S for uniform spacing when S does not divide T). <see cref="Seconds"/> is
/// the wall-clock of sampling all <see cref="N"/> samples (for exact rows: of the closed-form propagation).
/// <see cref="N"/> is the number of samples (0 for exact rows); <see cref="Kid"/> and <see cref="KidSe"/> are absent
/// for exact rows; <see cref="Features"/> names the feature space (never blank: every FID must say where it lives).
/// </summary>
public sealed record SweepRow(string World, int Steps, SamplerNoise Eta, string Spacing, long N, double Fid, double? Kid, double? KidSe,
    double Seconds, long ModelCalls, string Features);

/// <summary>The CSV form of sweep tables, shared by the measured sweep, the exact Gaussian-world table and the plots.</summary>
public static class SweepTable
{
    /// <summary>The header line.</summary>
    public const string Header = "world,steps,eta,spacing,n,fid,kid,kid_se,seconds,model_calls,features";

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One CSV line for <paramref name="row"/>.</summary>
    public static string Format(SweepRow row)
    {
        foreach (var (text, name) in new[] { (row.World, "World"), (row.Spacing, "Spacing"), (row.Features, "Features") })
            if (string.IsNullOrWhiteSpace(text) || text.Contains(',') || text.Contains('\n'))
                throw new ArgumentException($"{name} must be a non-empty label without commas; got '{text}'.", nameof(row));
        return string.Join(",", row.World, row.Steps.ToString(CultureInfo.InvariantCulture), row.Eta.ToString(), row.Spacing,
            row.N.ToString(CultureInfo.InvariantCulture), Number(row.Fid), row.Kid is { } k ? Number(k) : "",
            row.KidSe is { } se ? Number(se) : "", Number(row.Seconds), row.ModelCalls.ToString(CultureInfo.InvariantCulture), row.Features);
    }

    /// <summary>
    /// Writes <paramref name="rows"/> with the header, replacing the file atomically: the table goes to a temporary file
    /// beside it, flushed to disk, then renamed over <paramref name="path"/>, so a failure leaves the previous table whole.
    /// </summary>
    public static void Write(string path, IEnumerable<SweepRow> rows)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var row in rows) text.Append(Format(row)).Append('\n');
        string temporary = $"{Path.GetFullPath(path)}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// Appends one row, writing the header first if the file is new; flushed at once so an interrupted run keeps it. A
    /// last line without its newline (a run killed mid-write, a full disk) is cut off first, as <see cref="Read"/> ignores
    /// it: the new row then starts a line of its own instead of continuing the fragment.
    /// </summary>
    public static void Append(string path, SweepRow row)
    {
        string line = Format(row) + "\n";
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        stream.SetLength(CompleteLength(stream));
        stream.Seek(0, SeekOrigin.End);
        var bytes = Encoding.UTF8.GetBytes(stream.Length == 0 ? Header + "\n" + line : line);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    // The length of the file up to and including its last newline (0 if it has none: a partial header).
    private static long CompleteLength(FileStream stream)
    {
        var buffer = new byte[4096];
        long end = stream.Length;
        while (end > 0)
        {
            int count = (int)Math.Min(buffer.Length, end);
            stream.Seek(end - count, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, count);
            int at = Array.LastIndexOf(buffer, (byte)'\n', count - 1);
            if (at >= 0) return end - count + at + 1;
            end -= count;
        }
        return 0;
    }

    /// <summary>
    /// Reads a sweep CSV. A last line without its newline (a run killed mid-write) is ignored, so that a resumed sweep
    /// recomputes that cell; any other malformed line is an error naming the file and line.
    /// </summary>
    public static List<SweepRow> Read(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"Sweep table '{path}' does not exist.", nameof(path));
        string text = File.ReadAllText(path);
        var lines = text.Split('\n');
        var rows = new List<SweepRow>();
        if (text.Length == 0) return rows;
        if (lines[0].TrimEnd('\r') != Header)
            throw new ArgumentException($"'{path}' line 1: expected the header '{Header}'.", nameof(path));
        // Split leaves "" after a final newline; anything else in the last slot is an unterminated, possibly partial line.
        for (int i = 1; i < lines.Length - 1; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue;
            rows.Add(Parse(line, path, i + 1));
        }
        return rows;
    }

    private static SweepRow Parse(string line, string path, int lineNumber)
    {
        var f = line.Split(',');
        if (f.Length != 11)
            throw new ArgumentException($"'{path}' line {lineNumber}: {f.Length} fields, expected 11 ({Header}).", nameof(path));
        try
        {
            static double? Optional(string s) => s.Length == 0 ? null : double.Parse(s, CultureInfo.InvariantCulture);
            return new SweepRow(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), SamplerNoise.Parse(f[2]), f[3],
                long.Parse(f[4], CultureInfo.InvariantCulture), double.Parse(f[5], CultureInfo.InvariantCulture), Optional(f[6]), Optional(f[7]),
                double.Parse(f[8], CultureInfo.InvariantCulture), long.Parse(f[9], CultureInfo.InvariantCulture), f[10]);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new ArgumentException($"'{path}' line {lineNumber}: {e.Message}", nameof(path));
        }
    }
}
