using CsCheck;
using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Tests;

public class PropertyTests
{
    // A random schedule: any kind, T in 2..1000, and for the beta-range kinds a random range.
    private static readonly Gen<NoiseSchedule> Schedules =
        from kind in Gen.Enum<ScheduleKind>()
        from T in Gen.Int[2, 1000]
        from start in Gen.Double[1e-5, 1e-2]
        from span in Gen.Double[0, 0.05]
        select NoiseSchedule.Create(kind, T, start, start + span);

    private static readonly Gen<(NoiseSchedule Schedule, TimestepSequence Sequence)> SchedulesWithSequences =
        from schedule in Schedules
        from skip in Gen.Enum<SkipKind>()
        from s in Gen.Int[1, schedule.T]
        select (schedule, TimestepSequence.Create(skip, schedule, s, DuplicatePolicy.Remove));

    [Fact]
    public void Sub_sequences_are_strictly_decreasing_in_sampling_order_and_end_at_minus_one()
    {
        SchedulesWithSequences.Sample(p =>
        {
            var steps = p.Sequence.SamplingSteps;
            Assert.Equal(p.Sequence.Length, steps.Count);
            Assert.Equal(p.Sequence.First, steps[0].T);
            Assert.Equal(-1, steps[^1].TPrev);
            Assert.All(steps, s => Assert.True(s.T > s.TPrev && s.T < p.Schedule.T && s.TPrev >= -1));
            for (int i = 1; i < steps.Count; i++)
                Assert.Equal(steps[i - 1].TPrev, steps[i].T);
        });
    }

    [Fact]
    public void Paper_linear_sub_sequences_have_exactly_S_distinct_steps()
    {
        Gen.Int[1, 2000].SelectMany(T => Gen.Int[1, T].Select(s => (T, s))).Sample(p =>
        {
            var seq = TimestepSequence.Linear(p.T, p.s);
            Assert.Equal(p.s, seq.Length);
            Assert.Equal(p.T - 1, seq.First);
        });
    }

    [Fact]
    public void Coefficients_are_finite_and_sigma_squared_is_within_one_minus_alpha_prev_for_admissible_eta()
    {
        var gen = from p in SchedulesWithSequences
                  from fraction in Gen.Double[0, 1]
                  from hat in Gen.Bool
                  select (p.Schedule, p.Sequence, fraction, hat);
        gen.Sample(p =>
        {
            foreach (var (t, tPrev) in p.Sequence.SamplingSteps)
            {
                double a = p.Schedule.AlphaBar(t), aPrev = p.Schedule.AlphaBar(tPrev);
                if (a == 0)
                {
                    // jsd reaches alpha-bar = 0 at t = T-1, where x_0 cannot be predicted: refused by name, not NaN.
                    Assert.Contains("alpha-bar at t = ", Assert.Throws<ArgumentException>(() => DdimCoefficients.For(p.Schedule, t, tPrev, SamplerNoise.Deterministic)).Message);
                    continue;
                }
                // Any eta in [0, max eta] for this step, max eta >= 1 always.
                double maxEta = DdimCoefficients.MaxEta(a, aPrev);
                Assert.True(maxEta >= 1 - 1e-12);
                var noise = p.hat ? SamplerNoise.SigmaHat : SamplerNoise.FromEta(p.fraction * Math.Min(maxEta, 1e6));
                var c = DdimCoefficients.For(p.Schedule, t, tPrev, noise);
                foreach (double v in new[] { c.Sigma, c.Direction, c.NoiseStd, c.X0FromXt, c.X0FromEps, c.XPrevFromXt, c.XPrevFromEps })
                    Assert.True(double.IsFinite(v), $"non-finite coefficient at t = {t}, t_prev = {tPrev}, {noise}");
                Assert.True(c.Sigma * c.Sigma <= (1 - aPrev) * (1 + 1e-12) + 1e-300, $"sigma^2 = {c.Sigma * c.Sigma} > 1 - a_prev = {1 - aPrev}");
            }
        });
    }

    [Fact]
    public void Eta_above_the_bound_is_refused_naming_t_eta_and_the_bound()
    {
        var gen = from schedule in Schedules
                  from t in Gen.Int[1, schedule.T - 1]
                  from tPrev in Gen.Int[-1, t - 1]
                  from excess in Gen.Double[1.001, 10]
                  select (schedule, t, tPrev, excess);
        gen.Sample(p =>
        {
            double a = p.schedule.AlphaBar(p.t), aPrev = p.schedule.AlphaBar(p.tPrev);
            if (p.tPrev == -1)
            {
                // The last step has 1 - a_prev = 0 and sigma(eta) = 0: every eta is admissible there.
                Assert.True(double.IsPositiveInfinity(DdimCoefficients.MaxEta(a, aPrev)));
                if (a > 0)
                    Assert.Equal(0, DdimCoefficients.For(p.schedule, p.t, -1, SamplerNoise.FromEta(100 * p.excess)).Sigma);
                return;
            }
            if (a == 0 || aPrev - a < 1e-9 * aPrev)
                return; // the bound (1 - a) a_prev/(a_prev - a) is then too large (or undefined) to exceed meaningfully
            double eta = DdimCoefficients.MaxEta(a, aPrev) * p.excess;
            var e = Assert.Throws<ArgumentException>(() => DdimCoefficients.For(p.schedule, p.t, p.tPrev, SamplerNoise.FromEta(eta)));
            Assert.Contains($"t = {p.t}", e.Message);
            Assert.Contains($"eta = {eta}", e.Message);
            Assert.Contains("1 - alpha_prev", e.Message);
        });
    }

    [Fact]
    public void Lemma1_every_admissible_sigma_keeps_the_marginal_analytically()
    {
        // If x_t ~ N(sqrt(a_t) x_0, (1 - a_t) I), Eq. (7) gives x_prev a mean X0 x_0 + Xt sqrt(a_t) x_0 and variance
        // Xt^2 (1 - a_t) + sigma^2; Lemma 1 says these are sqrt(a_prev) x_0 and 1 - a_prev for every admissible sigma.
        var gen = from schedule in Schedules
                  from t in Gen.Int[0, schedule.T - 1]
                  from tPrev in Gen.Int[-1, t - 1]
                  from fraction in Gen.Double[0, 1]
                  select (schedule, t, tPrev, fraction);
        gen.Sample(p =>
        {
            double a = p.schedule.AlphaBar(p.t), aPrev = p.schedule.AlphaBar(p.tPrev);
            double sigma = p.fraction * Math.Sqrt(1 - aPrev);
            var q = SigmaPosterior.Coefficients(p.schedule, p.t, p.tPrev, sigma);
            Assert.Equal(Math.Sqrt(aPrev), q.X0Coefficient + q.XtCoefficient * Math.Sqrt(a), 1e-12);
            Assert.Equal(1 - aPrev, q.XtCoefficient * q.XtCoefficient * (1 - a) + q.Variance, 1e-12);
        });
    }

    [Fact]
    public void Schedules_are_valid_for_any_kind_and_size()
    {
        Schedules.Sample(s =>
        {
            Assert.All(s.Betas, b => Assert.True(b > 0 && b <= 1));
            Assert.All(Enumerable.Range(0, s.T), t => Assert.True(s.AlphaBar(t) < s.AlphaBar(t - 1) && s.AlphaBar(t) >= 0));
        });
    }
}
