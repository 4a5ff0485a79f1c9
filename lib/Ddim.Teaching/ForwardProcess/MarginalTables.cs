using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.ForwardProcess;

/// <summary>
/// The per-timestep coefficients of q(x_t | x_0) as tensors on one device: alpha-bar_t, sqrt(alpha-bar_t) and
/// sqrt(1 - alpha-bar_t) for t = 0..T-1, computed in double from the schedule, cast once to the working dtype, and kept
/// per schedule, device and dtype, so a training step gathers from them without building a table.
/// </summary>
internal sealed class MarginalTables
{
    private static readonly ConditionalWeakTable<NoiseSchedule, ConcurrentDictionary<(DeviceType, int, ScalarType), MarginalTables>> Cache = new();

    private MarginalTables(NoiseSchedule schedule, Device device, ScalarType dtype)
    {
        var ab = schedule.AlphaBars;
        Tensor Table(Func<double, double> f) =>
            tensor(ab.Select(f).ToArray(), dtype: float64).to(dtype).to(device).DetachFromDisposeScope();
        AlphaBar = Table(a => a);
        SqrtAlphaBar = Table(Math.Sqrt);
        SqrtOneMinusAlphaBar = Table(a => Math.Sqrt(1 - a));
    }

    /// <summary>alpha-bar_t, t = 0..T-1.</summary>
    public Tensor AlphaBar { get; }

    /// <summary>sqrt(alpha-bar_t): the mean coefficient of q(x_t | x_0).</summary>
    public Tensor SqrtAlphaBar { get; }

    /// <summary>sqrt(1 - alpha-bar_t): the std of q(x_t | x_0).</summary>
    public Tensor SqrtOneMinusAlphaBar { get; }

    /// <summary>The tables of <paramref name="schedule"/> on the device and in the dtype of <paramref name="like"/> (made on first use).</summary>
    public static MarginalTables For(NoiseSchedule schedule, Tensor like) =>
        Cache.GetOrCreateValue(schedule).GetOrAdd((like.device_type, like.device_index, like.dtype),
            _ => new MarginalTables(schedule, like.device, like.dtype));

    /// <summary>
    /// table[t] for each sample, shaped [B, 1, ..., 1] to broadcast against <paramref name="like"/> ([B, ...]);
    /// <paramref name="t"/> is int64 [B] with values in 0..T-1.
    /// </summary>
    public static Tensor PerSample(Tensor table, Tensor t, Tensor like)
    {
        var shape = new long[like.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        return table.index_select(0, t.to(table.device).to_type(int64)).view(shape);
    }
}
