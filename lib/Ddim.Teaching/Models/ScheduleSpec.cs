using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Models;

/// <summary>The noise schedule a model was trained with, stored in its checkpoint so sampling uses the same one.</summary>
public sealed record ScheduleSpec(ScheduleKind Kind = ScheduleKind.Linear, int T = 1000, double BetaStart = 1e-4, double BetaEnd = 0.02)
{
    /// <summary>Builds the schedule.</summary>
    public NoiseSchedule Create() => NoiseSchedule.Create(Kind, T, BetaStart, BetaEnd);
}
