using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Tests;

public class TimestepSequenceTests
{
    [Fact]
    public void Uniform_is_the_authors_range_with_stride_T_div_S()
    {
        // range(0, 1000, 100) = 0, 100, ..., 900: sampling starts at t = 900, not 999.
        var s10 = TimestepSequence.Uniform(1000, 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 100 * i), s10.Timesteps);
        Assert.Equal((10, 900, 0), (s10.Length, s10.First, s10.Last));
        // S = 3 does not divide 1000: stride 333 gives range(0, 1000, 333) = 0, 333, 666, 999, four steps for three asked.
        var s3 = TimestepSequence.Uniform(1000, 3);
        Assert.Equal(new[] { 0, 333, 666, 999 }, s3.Timesteps);
        Assert.Equal(3, s3.Requested);
        Assert.Equal(4, s3.Length);
        Assert.Contains("4 steps (asked 3)", s3.ToString());
    }

    [Fact]
    public void Quad_is_the_authors_squared_linspace_ending_at_0_8_T()
    {
        // Python: [int(u) for u in np.linspace(0, np.sqrt(800), 10) ** 2].
        var quad = TimestepSequence.Quad(1000, 10);
        Assert.Equal(new[] { 0, 9, 39, 88, 158, 246, 355, 483, 632, 800 }, quad.Timesteps);
        Assert.Equal(800, quad.First);
    }

    [Fact]
    public void Quad_duplicates_are_refused_or_removed_never_stepped()
    {
        var refused = Assert.Throws<ArgumentException>(() => TimestepSequence.Quad(1000, 1000));
        Assert.Contains("repeats", refused.Message);
        Assert.Contains("DuplicatePolicy.Remove", refused.Message);
        var removed = TimestepSequence.Quad(1000, 1000, DuplicatePolicy.Remove);
        Assert.True(removed.DuplicatesRemoved > 0);
        Assert.Equal(1000, removed.Length + removed.DuplicatesRemoved);
        Assert.Equal(removed.Timesteps.Distinct().Count(), removed.Length);
    }

    [Fact]
    public void Paper_linear_has_exactly_S_steps_and_visits_T_minus_1()
    {
        // tau_i = floor(c i), c = T/S, i = 1..S in 1-based time: 100, 200, ..., 1000, i.e. t = 99, 199, ..., 999.
        var s10 = TimestepSequence.Linear(1000, 10);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => 100 * i - 1), s10.Timesteps);
        // c = 1000/3: floor(333.3) = 333, floor(666.7) = 666, 1000 -> t = 332, 665, 999.
        Assert.Equal(new[] { 332, 665, 999 }, TimestepSequence.Linear(1000, 3).Timesteps);
        Assert.Equal(Enumerable.Range(0, 1000), TimestepSequence.Linear(1000, 1000).Timesteps);
    }

    [Fact]
    public void Sampling_steps_pair_each_t_with_the_next_smaller_and_end_at_minus_one()
    {
        // The authors' seq_next = [-1] + seq[:-1], walked in reverse.
        var s = TimestepSequence.Uniform(1000, 4);
        Assert.Equal(new[] { new SamplingStep(750, 500), new SamplingStep(500, 250), new SamplingStep(250, 0), new SamplingStep(0, -1) }, s.SamplingSteps);
    }

    [Theory]
    [InlineData(0, "S (steps) is 0; it must be at least 1")]
    [InlineData(1001, "S (steps) is 1001; it cannot exceed T = 1000")]
    public void Bad_step_counts_are_refused_with_S_named(int steps, string message)
    {
        foreach (SkipKind kind in Enum.GetValues<SkipKind>())
        {
            var e = Assert.Throws<ArgumentException>(() => TimestepSequence.Create(kind, NoiseSchedule.Linear(), steps));
            Assert.Contains(message, e.Message);
            Assert.Equal("S", e.ParamName);
        }
    }

    [Fact]
    public void Explicit_sequences_are_checked()
    {
        Assert.Contains("timestep 1000 lies outside 0..999", Assert.Throws<ArgumentException>(() => TimestepSequence.FromTimesteps(1000, new[] { 5, 1000 })).Message);
        Assert.Throws<ArgumentException>(() => TimestepSequence.FromTimesteps(1000, new[] { 5, 5 }));
        Assert.Equal(new[] { 1, 5, 9 }, TimestepSequence.FromTimesteps(1000, new[] { 9, 1, 5 }).Timesteps);
        Assert.Contains("Unknown skip 'cubic'", Assert.Throws<ArgumentException>(() => TimestepSequence.ParseKind("cubic")).Message);
    }
}

public class KarrasSpacingTests
{
    [Theory]
    // numpy: ls = 0.5 log((1 - ab) / ab) for the linear schedule; sigma_i = (hi + i (lo - hi) / (S - 1))^7 with
    // hi = exp(ls[-1] / 7), lo = exp(ls[0] / 7); t_i = argmin |ls - log sigma_i|.
    [InlineData(3, new[] { 0, 593, 999 })]
    [InlineData(5, new[] { 0, 142, 593, 843, 999 })]
    [InlineData(10, new[] { 0, 18, 102, 301, 511, 663, 775, 864, 937, 999 })]
    public void Karras_rho_7_is_Eq_5_in_sigma_rounded_to_the_timestep_of_nearest_log_sigma(int steps, int[] expected)
    {
        var sequence = TimestepSequence.Create(SkipKind.Karras, NoiseSchedule.Linear(), steps);
        Assert.Equal(expected, sequence.Timesteps);
        Assert.Equal((999, 0), (sequence.First, sequence.Last));
        Assert.StartsWith("karras(S=", sequence.Description);
    }

    [Fact]
    public void Karras_is_denser_than_uniform_at_small_noise()
    {
        var schedule = NoiseSchedule.Linear();
        static int Below(TimestepSequence s, int t) => s.Timesteps.Count(x => x < t);
        // sigma(t) < 0.2 for t below 50 under the linear schedule: uniform S = 25 (stride 40) has 2 steps there, karras 5.
        Assert.True(Below(TimestepSequence.Karras(schedule, 25), 50) > 2 * Below(TimestepSequence.Uniform(1000, 25), 50));
    }

    [Fact]
    public void Karras_without_a_schedule_or_with_a_bad_rho_is_refused_with_the_fix()
    {
        var noSchedule = Assert.Throws<ArgumentException>(() => TimestepSequence.Create(SkipKind.Karras, 1000, 10));
        Assert.Contains("needs the noise schedule", noSchedule.Message);
        var badRho = Assert.Throws<ArgumentException>(() => TimestepSequence.Karras(NoiseSchedule.Linear(), 10, rho: 0));
        Assert.Contains("rho is 0", badRho.Message);
        Assert.Equal(SkipKind.Karras, TimestepSequence.ParseKind(" Karras "));
    }
}
