using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Schedules;
using TorchSharp;

namespace Ddim.Teaching.Experiments;

/// <summary>The simulated Var(x_t | x_0) of one sigma profile at every step, for the shown x_0.</summary>
public sealed record Lemma1Trace(string Profile, IReadOnlyList<double> Steps, IReadOnlyList<double> Variance);

/// <summary>The sample moments of x_t at one step for one x_0 against Lemma 1's marginal, with their gaps in standard errors.</summary>
public sealed record Lemma1Row(string Profile, int PaperT, double Mean, double ExpectedMean, double MeanZ, double Variance, double ExpectedVariance, double VarianceZ);

/// <summary>
/// DDIM Lemma 1 checked by simulation: for each sigma profile, the backward chain of Eq. (6)-(7) (<see cref="SigmaChain"/>)
/// from x_T ~ q(x_T | x_0) down to t = 1, and at the reported steps the sample mean and variance of x_t against
/// N(sqrt(alpha_t) x_0, 1 - alpha_t), whatever sigma is.
/// </summary>
public sealed record Lemma1Check(IReadOnlyList<Lemma1Row> Rows, double WorstZ, IReadOnlyList<Lemma1Trace> Traces, double ShownX0, int Chains)
{
    /// <summary>
    /// Simulates <paramref name="chains"/> chains per x_0 for every profile (draws from <paramref name="generator"/>, or torch's
    /// global generator); <see cref="WorstZ"/> covers every x_0 and reported t, the rows and traces coordinate <paramref name="shown"/>.
    /// </summary>
    public static Lemma1Check Run(NoiseSchedule schedule, IReadOnlyList<double> starts, IReadOnlyDictionary<string, double[]> profiles,
        int chains, IReadOnlyCollection<int> report, int shown, torch.Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(profiles);
        if (shown < 0 || shown >= starts.Count)
            throw new ArgumentOutOfRangeException(nameof(shown), shown, $"there are {starts.Count} starting points x_0; give an index below that.");
        var rows = new List<Lemma1Row>();
        var traces = new List<Lemma1Trace>();
        double worst = 0;
        foreach (var (name, sigmas) in profiles)
        {
            var run = SigmaChain.Simulate(schedule, starts, sigmas, chains, report, traceCoordinate: shown, generator);
            foreach (var m in run.Moments)
            {
                var (meanZ, varZ) = m.Z(schedule, starts, chains);
                worst = Math.Max(worst, meanZ.Concat(varZ).Max(z => Math.Abs(z)));
                double a = schedule.AlphaBar(m.T);
                rows.Add(new Lemma1Row(name, m.T + 1, m.Mean[shown], Math.Sqrt(a) * starts[shown], meanZ[shown], m.Variance[shown], 1 - a, varZ[shown]));
            }
            traces.Add(new Lemma1Trace(name, run.TraceSteps, run.TraceVariance));
        }
        return new Lemma1Check(rows, worst, traces, starts[shown], chains);
    }
}
