using System.Security.Cryptography;
using System.Text.Json;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;

namespace Ddim.Cli.Commands;

/// <summary>
/// What a sweep CSV's rows depend on beyond their own columns (world, S, eta, spacing, n, feature space): the model's
/// bytes, the seed, the batch size (seeds are per batch), the per-cell budget, the KID subsets and the feature
/// network's bytes. Stored beside the CSV as "name.csv.run.json"; a resumed sweep reuses rows only when every field
/// matches, so a retrained checkpoint of the same name or another --seed can never return the old numbers.
/// </summary>
internal sealed record SweepRunRecord(string Model, string ModelSha256, long Seed, int BatchSize, long? Budget, int KidSubsets, string FeaturesSha256)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The record's file beside <paramref name="csv"/>.</summary>
    public static string PathFor(string csv) => csv + ".run.json";

    /// <summary>SHA-256 of a file's bytes, in hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Refuses to add rows to <paramref name="csv"/> when its existing rows were measured under another record (or under
    /// none: a file without a record cannot vouch for its rows); writes this record when the file is new.
    /// </summary>
    public void ClaimOrRefuse(string csv, IReadOnlyList<SweepRow> existing)
    {
        string path = PathFor(csv);
        if (existing.Count == 0)
        {
            OutputFile.WriteAtomically(path, temporary => File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json)));
            return;
        }
        if (!File.Exists(path))
            throw new OptionException("--out", $"{csv} holds {existing.Count} rows but no run record ({Path.GetFileName(path)}) saying which model, seed and " +
                "feature network made them, so they cannot be resumed safely; sweep into another --out (its rows are kept as they are).");
        SweepRunRecord? stored;
        try
        {
            stored = JsonSerializer.Deserialize<SweepRunRecord>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new FileFault(path, $"unreadable run record ({e.Message}); sweep into another --out.", e);
        }
        if (stored is null)
            throw new FileFault(path, "empty run record; sweep into another --out.");
        var differences = new List<string>();
        if (stored.ModelSha256 != ModelSha256) differences.Add($"the model ({stored.Model} then, {Model} now, different bytes)");
        if (stored.Seed != Seed) differences.Add($"--seed ({stored.Seed} then, {Seed} now)");
        if (stored.BatchSize != BatchSize) differences.Add($"--batch-size ({stored.BatchSize} then, {BatchSize} now)");
        if (stored.Budget != Budget) differences.Add($"--budget ({stored.Budget?.ToString() ?? "none"} then, {Budget?.ToString() ?? "none"} now)");
        if (stored.KidSubsets != KidSubsets) differences.Add($"--kid-subsets ({stored.KidSubsets} then, {KidSubsets} now)");
        if (stored.FeaturesSha256 != FeaturesSha256) differences.Add("the feature network (the classifier's weights changed)");
        if (differences.Count > 0)
            throw new OptionException("--out", $"{csv} was measured with other settings: {string.Join("; ", differences)}. " +
                "Its rows would not be comparable; sweep into another --out, or rerun with the settings of the file.");
    }
}
