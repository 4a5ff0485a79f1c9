using System.CommandLine;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using Ddim.Teaching.Training;

namespace Ddim.Cli.Commands;

/// <summary>
/// What `ddim sweep` checks before it loads data or samples: every setting in range (S within 1..T of the model's own
/// schedule, n large enough for FID in the feature space, positive batch and KID subsets, a label the CSV can hold),
/// and that a measured and an exact table never share a file.
/// </summary>
internal static class SweepChecks
{
    /// <summary>The largest number of samples per cell (a million 28x28 images is 3 GB of float32).</summary>
    public const int MaxSamples = 1_000_000;

    public static void BeforeWork(ParseResult parse, string csv, bool exact, string modelName, IReadOnlyList<int> steps, IReadOnlyList<SamplerNoise> noises,
        IReadOnlyList<SkipKind> spacings, Option<int> samples, Option<int> batch, Option<int> kidSubsets, Option<long?> budget, Option<string?> world)
    {
        if (Path.GetExtension(csv) is var extension && !extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
            throw new OptionException("--out", $"{csv} does not end in .csv; the chart is written beside it with .html, so give a .csv name.");
        var schedule = exact || modelName == "gaussian-fit" ? NoiseSchedule.Linear() : ModelSchedule(modelName);
        foreach (int s in steps)
            foreach (var spacing in spacings)
            {
                var sequence = exact ? OptionParsing.Sequence(spacing, schedule.T, s) : OptionParsing.Sequence(spacing, schedule, s);
                foreach (var noise in noises)
                    OptionParsing.Admissible(schedule, sequence, noise);
            }
        if (exact)
            return;
        int n = parse.GetValue(samples);
        if (n <= FashionClassifier.FeatureSize || n > MaxSamples)
            throw new OptionException("--n", $"n is {n}; FID in the {FashionClassifier.FeatureSize}-d feature space needs more samples than dimensions, " +
                $"so give {FashionClassifier.FeatureSize + 1} to {MaxSamples:N0} (the course uses 1000).");
        OptionParsing.AtLeastOne(parse.GetValue(batch), "--batch-size");
        // One batch of images, its features and the sampler's working tensors (float32) live at once.
        OptionParsing.Fits("--batch-size", (double)parse.GetValue(batch) * 28 * 28 * 4 * 64, $"a batch of {parse.GetValue(batch)} images");
        OptionParsing.AtLeastOne(parse.GetValue(kidSubsets), "--kid-subsets");
        if (parse.GetValue(budget) is { } b && b < 1)
            throw new OptionException("--budget", $"budget is {b}; give a positive cap on samples x steps per cell, or leave it out.");
        if (parse.GetValue(world) is { } label && (string.IsNullOrWhiteSpace(label) || label.Contains(',') || label.Contains('\n')))
            throw new OptionException("--world", $"'{label}' cannot label CSV rows; give a non-empty name without commas or newlines.");
    }

    /// <summary>Refuses to write an exact table into a file of measured rows, or measured rows into an exact table.</summary>
    public static void SameKind(string csv, bool exact)
    {
        if (!File.Exists(csv))
            return;
        var rows = SweepTable.Read(csv);
        if (exact && rows.Any(r => r.N > 0))
            throw new OptionException("--out", $"{csv} holds {rows.Count(r => r.N > 0)} measured rows; the exact table would replace them. Give --exact its own --out.");
        if (!exact && rows.Any(r => r.N == 0))
            throw new OptionException("--out", $"{csv} holds an exact (closed-form) table; measured rows do not belong in it. Give the measured sweep its own --out.");
    }

    private static NoiseSchedule ModelSchedule(string path)
    {
        if (!File.Exists(path))
            throw new OptionException("--model", $"'{path}' is neither 'gaussian-fit' nor an existing checkpoint file ({Path.GetFullPath(path)}).");
        return Checkpoint.ReadMetadata(path).Schedule.Create();
    }
}
