using System.Globalization;
using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>
/// Feature vectors stored as CSV: one vector per row, comma-separated numbers (invariant culture). A first line that
/// does not parse as numbers is taken as a header and skipped.
/// </summary>
public static class FeatureCsv
{
    /// <summary>Reads the rows of <paramref name="path"/> into a float64 tensor [n, d]; errors name the file and line.</summary>
    public static Tensor Read(string path)
    {
        if (!File.Exists(path)) throw new ArgumentException($"Feature file '{path}' does not exist.", nameof(path));
        var rows = new List<double[]>();
        int lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            var values = new double[fields.Length];
            bool numeric = true;
            for (int i = 0; i < fields.Length && numeric; i++)
                numeric = double.TryParse(fields[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]);
            if (!numeric)
            {
                if (rows.Count == 0 && lineNumber == 1) continue;
                throw new ArgumentException($"'{path}' line {lineNumber}: not a list of comma-separated numbers.", nameof(path));
            }
            if (rows.Count > 0 && values.Length != rows[0].Length)
                throw new ArgumentException($"'{path}' line {lineNumber}: {values.Length} values, but earlier rows have {rows[0].Length}.", nameof(path));
            if (values.Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"'{path}' line {lineNumber}: contains NaN or an infinite value.", nameof(path));
            rows.Add(values);
        }
        if (rows.Count == 0) throw new ArgumentException($"'{path}' contains no feature vectors (empty file or header only).", nameof(path));
        int d = rows[0].Length;
        var flat = new double[rows.Count * d];
        for (int r = 0; r < rows.Count; r++) Array.Copy(rows[r], 0, flat, r * d, d);
        return tensor(flat, [rows.Count, d], ScalarType.Float64);
    }

    /// <summary>Writes the rows of <paramref name="features"/> [n, d] to <paramref name="path"/> (round-trip precision).</summary>
    public static void Write(string path, Tensor features)
    {
        if (features.dim() != 2) throw new ArgumentException("features must be [n, d].", nameof(features));
        var data = features.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        long n = features.shape[0], d = features.shape[1];
        using var writer = new StreamWriter(path);
        for (long r = 0; r < n; r++)
            writer.WriteLine(string.Join(",", Enumerable.Range(0, (int)d).Select(c => data[r * d + c].ToString("R", CultureInfo.InvariantCulture))));
    }
}
