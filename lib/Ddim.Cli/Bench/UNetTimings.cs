using System.Diagnostics;
using Ddim.Teaching;
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
        Synchronise(trainer.Device);
        var clock = Stopwatch.StartNew();
        for (int i = 1; i <= steps; i++)
        {
            trainer.TrainStep();
            afterStep?.Invoke(i);
        }
        Synchronise(trainer.Device);
        return clock.Elapsed.TotalMilliseconds / steps;
    }

    /// <summary>Seconds for one S-step deterministic DDIM sample of <paramref name="batch"/> images (uniform spacing), and the number of steps taken.</summary>
    public static (double Seconds, int Steps) Sample(INoisePredictor model, ScheduleSpec schedule, UNetConfig config, int batch, int steps, Device? device = null)
    {
        var sampler = new DdimSampler(schedule.Create());
        using var scope = NewDisposeScope();
        using var g = Seeded.Generator(0);
        var xT = Seeded.Randn([batch, config.ImageChannels, config.ImageSize, config.ImageSize], g, device);
        var sequence = TimestepSequence.Create(SkipKind.Uniform, sampler.Schedule.T, steps);
        Synchronise(xT.device);
        var clock = Stopwatch.StartNew();
        sampler.Sample(model, xT, sequence, SamplerNoise.Deterministic, g);
        Synchronise(xT.device);
        return (clock.Elapsed.TotalSeconds, sequence.Length);
    }

    /// <summary>Waits for queued GPU work, so that a clock read after it measures the work (a no-op on the CPU).</summary>
    public static void Synchronise(Device device)
    {
        if (device.type == TorchSharp.DeviceType.CUDA)
            TorchSharp.torch.cuda.synchronize();
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
