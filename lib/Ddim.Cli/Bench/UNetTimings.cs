using System.Diagnostics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Training;
using static TorchSharp.torch;

namespace Ddim.Cli.Bench;

/// <summary>Times the training step and the deterministic DDIM step of a network, as `bench model` and `bench pytorch` report them.</summary>
internal static class UNetTimings
{
    /// <summary>
    /// Milliseconds per <see cref="Trainer.TrainStep"/> over <paramref name="steps"/> steps, after three untimed warm-up
    /// steps; <paramref name="afterStep"/> sees each timed step's 1-based number.
    /// </summary>
    public static double TrainMsPerStep(Trainer trainer, int steps, Action<int>? afterStep = null)
    {
        for (int i = 0; i < 3; i++)
            trainer.TrainStep();
        var clock = Stopwatch.StartNew();
        for (int i = 1; i <= steps; i++)
        {
            trainer.TrainStep();
            afterStep?.Invoke(i);
        }
        return clock.Elapsed.TotalMilliseconds / steps;
    }

    /// <summary>Seconds for one S-step deterministic DDIM sample of <paramref name="batch"/> images (uniform spacing), and the number of steps taken.</summary>
    public static (double Seconds, int Steps) Sample(INoisePredictor model, ScheduleSpec schedule, UNetConfig config, int batch, int steps)
    {
        var sampler = new DdimSampler(schedule.Create());
        using var scope = NewDisposeScope();
        using var g = new Generator(0);
        var xT = randn([batch, config.ImageChannels, config.ImageSize, config.ImageSize], generator: g);
        var sequence = TimestepSequence.Create(SkipKind.Uniform, sampler.Schedule.T, steps);
        var clock = Stopwatch.StartNew();
        sampler.Sample(model, xT, sequence, SamplerNoise.Deterministic, g);
        return (clock.Elapsed.TotalSeconds, sequence.Length);
    }

    /// <summary>A field of /proc/self/status in MB (VmRSS: resident now; VmHWM: peak resident); NaN where it is not available.</summary>
    public static double Rss(string field)
    {
        if (!File.Exists("/proc/self/status"))
            return double.NaN;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return double.NaN;
    }
}
