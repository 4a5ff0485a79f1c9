using System.Globalization;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Plotting;

/// <summary>
/// The sampler's scalars as tables a reader can scan: the coefficients of one generalized step (DDIM Eq. 12 with sigma_t of
/// Eq. 16), what each timestep spacing visits, and how each step's noise compares with the q_sigma family's bound.
/// </summary>
public static class SamplerTables
{
    /// <summary>
    /// One step t -&gt; t_prev for every sampler: sigma_t, the direction coefficient sqrt(1 - a_prev - sigma_t^2), the noise
    /// std, and the step written as x_prev = a x_t + b eps (+ noise), DDIM Eq. (12).
    /// </summary>
    public static HtmlTable StepCoefficients(NoiseSchedule schedule, int t, int tPrev, IEnumerable<SamplerNoise> noises)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(noises);
        return HtmlTable.Of(["noise", "sigma_t", "direction", "noise std", "a (x_t)", "b (eps)"],
            noises.Select(n =>
            {
                var c = DdimCoefficients.For(schedule, t, tPrev, n);
                return new object?[] { n.Label, c.Sigma, c.Direction, c.NoiseStd, c.XPrevFromXt, c.XPrevFromEps };
            }),
            $"step t = {t} -> t_prev = {tPrev}: alpha_t = {schedule.AlphaBar(t):G6}, alpha_prev = {schedule.AlphaBar(tPrev):G6}; x_prev = a x_t + b eps + noise");
    }

    /// <summary>What each sequence visits: its length, first (largest) and last timestep, repeats removed, alpha at the start.</summary>
    public static HtmlTable Sequences(NoiseSchedule schedule, IEnumerable<TimestepSequence> sequences)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(sequences);
        return HtmlTable.Of(["sequence", "length", "first", "last", "repeats removed", "alpha(first)"],
            sequences.Select(s => new object?[] { s.Description, s.Length, s.First, s.Last, s.DuplicatesRemoved, schedule.AlphaBar(s.First).ToString("E2", CultureInfo.InvariantCulture) }));
    }

    /// <summary>
    /// Each step's noise std against the bound sqrt(1 - a_prev) that every member of the q_sigma family respects (Eq. 7 needs
    /// sigma_t^2 &lt;= 1 - a_prev), with the variance by which it exceeds the bound.
    /// </summary>
    public static HtmlTable NoiseBudget(IEnumerable<StepNoiseBudget> steps, string caption = "")
    {
        ArgumentNullException.ThrowIfNull(steps);
        return HtmlTable.Of(["step", "noise std", "bound sqrt(1 - alpha_prev)", "excess variance"],
            steps.Select(b => new object?[] { $"{b.T} -> {b.TPrev}", Math.Sqrt(b.NoiseVariance), Math.Sqrt(b.Bound), b.Excess }), caption);
    }

    /// <summary>
    /// Sampling time per S: wall-clock, per step, process CPU time, and the speed-up over the largest S measured, on wall-clock,
    /// on CPU time and ideally (the ratio of steps, when the network's calls are all the cost).
    /// </summary>
    public static HtmlTable Timing(IReadOnlyList<SamplerTime> timings, string caption = "")
    {
        ArgumentNullException.ThrowIfNull(timings);
        if (timings.Count == 0) throw new ArgumentException("no timings to show; measure at least one S.", nameof(timings));
        var baseline = timings.MaxBy(t => t.Steps)!;
        string Times(double x) => x.ToString("F1", CultureInfo.InvariantCulture) + "x";
        return HtmlTable.Of(["S", "wall (s)", "ms per step", "CPU (s)", $"wall speed-up over S = {baseline.Steps}", "CPU speed-up", "ideal speed-up"],
            timings.Select(t => new object?[] { t.Steps, t.WallSeconds, 1000 * t.WallSeconds / t.Steps, t.CpuSeconds,
                t == baseline ? "(the baseline)" : Times(baseline.WallSeconds / t.WallSeconds), t == baseline ? "" : Times(baseline.CpuSeconds / t.CpuSeconds),
                t == baseline ? "" : ((double)baseline.Steps / t.Steps).ToString("F0", CultureInfo.InvariantCulture) + "x" }), caption);
    }
}
