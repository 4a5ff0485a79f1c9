using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Tests;

public class SamplerTablesTests
{
    private static readonly NoiseSchedule Schedule = NoiseSchedule.Create(ScheduleKind.Linear, 1000, 1e-4, 0.02);

    [Fact]
    public void The_step_table_has_one_row_per_sampler_holding_the_coefficients_of_Eq_12()
    {
        var noises = new[] { SamplerNoise.Deterministic, SamplerNoise.Ddpm, SamplerNoise.SigmaHat };
        var table = SamplerTables.StepCoefficients(Schedule, 500, 400, noises);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(["eta = 0", "eta = 1", "sigma-hat"], table.Rows.Select(r => (string)r[0]!));
        var ddpm = DdimCoefficients.For(Schedule, 500, 400, SamplerNoise.Ddpm);
        Assert.Equal([ddpm.Sigma, ddpm.Direction, ddpm.NoiseStd, ddpm.XPrevFromXt, ddpm.XPrevFromEps], table.Rows[1].Skip(1).Cast<double>());
        Assert.Equal(0.0, (double)table.Rows[0][1]!);                              // eta = 0 injects no noise
        Assert.Contains("t = 500 -> t_prev = 400", table.Caption);
    }

    [Fact]
    public void The_sequence_table_reports_length_first_last_and_repeats_of_each_spacing()
    {
        var table = SamplerTables.Sequences(Schedule, [TimestepSequence.Uniform(1000, 10), TimestepSequence.Quad(1000, 100, DuplicatePolicy.Remove)]);
        Assert.Equal([10, 900, 0, 0], table.Rows[0].Skip(1).Take(4).Cast<int>());
        var quad = TimestepSequence.Quad(1000, 100, DuplicatePolicy.Remove);
        Assert.True(quad.DuplicatesRemoved > 0);
        Assert.Equal(quad.DuplicatesRemoved, (int)table.Rows[1][4]!);
        Assert.Matches(@"^\d\.\d\dE-\d+$", (string)table.Rows[0][5]!);
    }

    [Fact]
    public void The_noise_budget_table_shows_sigma_hat_exceeding_the_family_bound_on_its_step_to_t_0()
    {
        var budget = SamplerDispersion.NoiseBudget(Schedule, TimestepSequence.Uniform(1000, 10), SamplerNoise.SigmaHat);
        var table = SamplerTables.NoiseBudget(budget, "sigma-hat, S = 10");
        var last = table.Rows.Single(r => (string)r[0]! == "100 -> 0");
        Assert.True((double)last[1]! > (double)last[2]!);
        Assert.True((double)last[3]! > 0);
        Assert.Equal(budget.Length, table.Rows.Count);
    }

    [Fact]
    public void A_sampler_noise_is_labelled_as_the_prose_names_it()
    {
        Assert.Equal("sigma-hat", SamplerNoise.SigmaHat.Label);
        Assert.Equal("eta = 0.2", SamplerNoise.FromEta(0.2).Label);
        Assert.Equal("eta = 0", SamplerNoise.Deterministic.Label);
    }

    [Fact]
    public void The_timing_table_measures_speed_up_against_the_largest_S_and_marks_that_row_as_the_baseline()
    {
        var table = SamplerTables.Timing([new SamplerTime(10, 0.5, 0.4, 10), new SamplerTime(1000, 40, 30, 1000)], "batch 1");
        Assert.Contains("wall speed-up over S = 1000", table.Headers);
        Assert.Equal(["(the baseline)", "", ""], table.Rows[1].Skip(4).Cast<string>());
        Assert.Equal(["80.0x", "75.0x", "100x"], table.Rows[0].Skip(4).Cast<string>());
        Assert.Equal(50.0, (double)table.Rows[0][2]!, 12);                      // ms per step
        Assert.Throws<ArgumentException>(() => SamplerTables.Timing([]));
    }
}
