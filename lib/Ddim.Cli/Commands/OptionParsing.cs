using System.Globalization;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Cli.Commands;

/// <summary>Shared parsing of the options that several commands take, each failure naming its option.</summary>
internal static class OptionParsing
{
    /// <summary>The most diffusion steps a schedule may have (its tables hold a few float64 per step).</summary>
    public const int MaxT = 1_000_000;

    public static NoiseSchedule Schedule(string name, int T)
    {
        if (T < 1 || T > MaxT)
            throw new OptionException("--T", $"T is {T}; it must lie in 1..{MaxT:N0} (the paper uses 1000).");
        return OptionException.For("--schedule", () => NoiseSchedule.Create(NoiseSchedule.ParseKind(name), T));
    }

    public static int[] StepCounts(string text, int T)
    {
        var counts = List(text, "--steps").Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v : throw new OptionException("--steps", $"'{s}' is not a whole number of steps.")).ToArray();
        foreach (int s in counts)
            CheckSteps(s, T);
        return counts;
    }

    public static void CheckSteps(int steps, int T)
    {
        if (steps < 1)
            throw new OptionException("--steps", $"S (steps) is {steps}; it must be at least 1.");
        if (steps > T)
            throw new OptionException("--steps", $"S (steps) is {steps}; it cannot exceed T = {T}.");
    }

    /// <summary>
    /// The timestep sub-sequence for S = <paramref name="steps"/>, refusing the degenerate one: S = 1 with uniform or quad
    /// spacing is the single timestep t = 0, so the "sample" would be the starting noise itself.
    /// </summary>
    public static TimestepSequence Sequence(SkipKind skip, int T, int steps, DuplicatePolicy duplicates = DuplicatePolicy.Remove)
    {
        CheckSteps(steps, T);
        if (skip == SkipKind.Karras)
            throw new OptionException("--skip", "karras spacing is placed by noise level and is offered with a trained model's schedule only " +
                "(ddim sample and ddim sweep with --model); use uniform, quad or linear here.");
        return Checked(skip, steps, TimestepSequence.Create(skip, T, steps, duplicates));
    }

    /// <summary>As <see cref="Sequence(SkipKind, int, int, DuplicatePolicy)"/>, over a known schedule, so karras spacing is offered too.</summary>
    public static TimestepSequence Sequence(SkipKind skip, NoiseSchedule schedule, int steps, DuplicatePolicy duplicates = DuplicatePolicy.Remove)
    {
        CheckSteps(steps, schedule.T);
        return Checked(skip, steps, TimestepSequence.Create(skip, schedule, steps, duplicates));
    }

    private static TimestepSequence Checked(SkipKind skip, int steps, TimestepSequence sequence)
    {
        if (sequence.Length == 1 && sequence.First == 0)
            throw new OptionException("--steps", $"S = {steps} with {skip.ToString().ToLowerInvariant()} spacing is the single timestep t = 0: " +
                "the sampler would return its starting noise unchanged. Use S >= 2, or --skip linear (whose one step is t = T - 1).");
        return sequence;
    }

    public static SamplerNoise[] Noises(string text) => List(text, "--eta").Select(Noise).ToArray();

    public static SamplerNoise Noise(string text) => OptionException.For("--eta", () => SamplerNoise.Parse(text));

    /// <summary>Refuses, as an error of --eta, a noise that is not admissible on some step of <paramref name="sequence"/>.</summary>
    public static void Admissible(NoiseSchedule schedule, TimestepSequence sequence, SamplerNoise noise) =>
        OptionException.For("--eta", () => DdimCoefficients.ForSequence(schedule, sequence, noise));

    public static SkipKind Skip(string text) => OptionException.For("--skip", () => TimestepSequence.ParseKind(text));

    public static DuplicatePolicy Duplicates(string text) => text.Trim().ToLowerInvariant() switch
    {
        "remove" => DuplicatePolicy.Remove,
        "refuse" => DuplicatePolicy.Refuse,
        _ => throw new OptionException("--duplicates", $"'{text}' is neither remove nor refuse."),
    };

    public static void Positive(double value, string option)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new OptionException(option, $"{option.TrimStart('-')} is {value.ToString(CultureInfo.InvariantCulture)}; it must be a finite number > 0.");
    }

    public static void Finite(double value, string option)
    {
        if (!double.IsFinite(value))
            throw new OptionException(option, $"{option.TrimStart('-')} is {value.ToString(CultureInfo.InvariantCulture)}; it must be a finite number.");
    }

    /// <summary>
    /// Refuses, as an error of <paramref name="option"/>, work whose tensors need more than half of this machine's memory
    /// (an estimate of <paramref name="bytes"/> for <paramref name="what"/>), before any of it is allocated.
    /// </summary>
    public static void Fits(string option, double bytes, string what)
    {
        double limit = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2.0;
        if (bytes > limit || double.IsNaN(bytes))
            throw new OptionException(option, $"{what} need about {bytes / 1e9:F1} GB, more than half of this machine's {2 * limit / 1e9:F1} GB; ask for less.");
    }

    public static void AtLeastOne(int value, string option)
    {
        if (value < 1)
            throw new OptionException(option, $"{option.TrimStart('-')} is {value}; it must be at least 1.");
    }

    private static string[] List(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
            throw new OptionException(option, "give at least one value (comma-separated).");
        return items;
    }
}
