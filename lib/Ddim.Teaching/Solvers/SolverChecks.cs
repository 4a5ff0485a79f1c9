using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Solvers;

internal static class SolverChecks
{
    public static void Sequence(NoiseSchedule schedule, TimestepSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.T != schedule.T)
            throw new ArgumentException($"The sequence was built for T = {sequence.T} but the schedule has T = {schedule.T}; build it with T = {schedule.T}.", nameof(sequence));
    }

    /// <summary>The steps to take: all of them, or all but the last (to t = -1).</summary>
    public static IEnumerable<SamplingStep> Steps(TimestepSequence sequence, bool toX0) =>
        toX0 ? sequence.SamplingSteps : sequence.SamplingSteps.Take(sequence.Length - 1);
}
