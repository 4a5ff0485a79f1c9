using System.Globalization;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Cli.Commands;

/// <summary>Shared parsing of the options that several commands take, each failure naming its option.</summary>
internal static class OptionParsing
{
    public static NoiseSchedule Schedule(string name, int T)
    {
        if (T < 1)
            throw new OptionException("--T", $"T is {T}; it must be at least 1.");
        try
        {
            return NoiseSchedule.Create(NoiseSchedule.ParseKind(name), T);
        }
        catch (ArgumentException e)
        {
            throw new OptionException("--schedule", e.Message);
        }
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

    public static SamplerNoise[] Noises(string text) => List(text, "--eta").Select(Noise).ToArray();

    public static SamplerNoise Noise(string text)
    {
        try
        {
            return SamplerNoise.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new OptionException("--eta", e.Message.Split(" (Parameter")[0]);
        }
    }

    public static SkipKind Skip(string text)
    {
        try
        {
            return TimestepSequence.ParseKind(text);
        }
        catch (ArgumentException e)
        {
            throw new OptionException("--skip", e.Message.Split(" (Parameter")[0]);
        }
    }

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
