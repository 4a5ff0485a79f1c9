using System.Diagnostics;
using Ddim.Teaching.Models;
using static TorchSharp.torch;

namespace Ddim.Teaching.Sampling;

/// <summary>Median wall-clock and process CPU seconds of sampling one batch with S steps, and the model calls made.</summary>
public sealed record SamplerTime(int Steps, double WallSeconds, double CpuSeconds, long ModelCalls);

/// <summary>
/// Times the deterministic sampler (eta = 0, uniform spacing) for several S on one batch. A warm-up run of 100 steps first
/// lets .NET recompile the hot paths as optimised code (tiered JIT) and LibTorch allocate its buffers. Other jobs on a
/// shared machine make single short timings jumpy, so runs with S below <c>singleRunFrom</c> go round <c>rounds</c> times,
/// interleaved, and keep their medians; longer runs run once (their many calls already average over disturbances).
/// CPU time counts only this process's work, the cleaner measurement on a busy machine.
/// </summary>
public static class SamplerTiming
{
    /// <summary>One <see cref="SamplerTime"/> per entry of <paramref name="steps"/>, in that order.</summary>
    public static IReadOnlyList<SamplerTime> Measure(DdimSampler sampler, INoisePredictor model, Tensor xT, IReadOnlyList<int> steps,
        int rounds = 5, int singleRunFrom = 1000)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        if (rounds < 1) throw new ArgumentException($"rounds is {rounds}; time each S at least once.", nameof(rounds));
        int T = sampler.Schedule.T;
        foreach (int s in steps)
            if (s < 1 || s > T) throw new ArgumentException($"S = {s} is outside 1..T = {T}.", nameof(steps));
        sampler.Sample(model, xT, TimestepSequence.Uniform(T, Math.Min(100, T)), SamplerNoise.Deterministic).X0.Dispose();
        var runs = steps.Distinct().ToDictionary(s => s, _ => new List<(double Wall, double Cpu, long Calls)>());
        for (int round = 0; round < rounds; round++)
            foreach (int s in runs.Keys.Where(s => s < singleRunFrom))
                runs[s].Add(Once(sampler, model, xT, s));
        foreach (int s in runs.Keys.Where(s => s >= singleRunFrom))
            runs[s].Add(Once(sampler, model, xT, s));
        return steps.Select(s => new SamplerTime(s, Median(runs[s].Select(r => r.Wall)), Median(runs[s].Select(r => r.Cpu)), runs[s][0].Calls)).ToList();
    }

    private static (double Wall, double Cpu, long Calls) Once(DdimSampler sampler, INoisePredictor model, Tensor xT, int s)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var result = sampler.Sample(model, xT, TimestepSequence.Uniform(sampler.Schedule.T, s), SamplerNoise.Deterministic);
        _ = result.X0.sum().to_type(ScalarType.Float64).item<double>();   // wait for the device to finish
        double wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds, result.ModelCalls);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
