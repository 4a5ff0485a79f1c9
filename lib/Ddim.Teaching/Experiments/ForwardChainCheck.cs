using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Experiments;

/// <summary>The sample moments of x_t at one step for one x_0 against q(x_t | x_0), with their gaps in standard errors.</summary>
public sealed record ForwardChainRow(int PaperT, double X0, double Mean, double ExpectedMean, double MeanZ, double Variance, double ExpectedVariance, double VarianceZ);

/// <summary>
/// DDPM Eq. (4) checked by running the chain itself: <c>Chains</c> copies of DDPM Eq. (2), x_t = sqrt(alpha_t) x_{t-1} +
/// sqrt(1 - alpha_t) z_t, from each fixed x_0 for all T steps; at the reported steps the sample mean and variance of x_t
/// against sqrt(alpha-bar_t) x_0 and 1 - alpha-bar_t, and every 10 steps a trace of both for the shown x_0.
/// </summary>
public sealed record ForwardChainCheck(IReadOnlyList<ForwardChainRow> Rows, double WorstZ, IReadOnlyList<double> TraceSteps,
    IReadOnlyList<double> TraceMean, IReadOnlyList<double> TraceVariance, double ShownX0, int Chains)
{
    /// <summary>
    /// Runs <paramref name="chains"/> chains per x_0 in <paramref name="starts"/> (noise from <paramref name="generator"/>, or
    /// torch's global generator); <paramref name="report"/> holds library steps (the paper's t is one more).
    /// </summary>
    public static ForwardChainCheck Run(NoiseSchedule schedule, IReadOnlyList<double> starts, int chains, IReadOnlyCollection<int> report,
        int shown, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(starts);
        if (chains < 2) throw new ArgumentOutOfRangeException(nameof(chains), chains, "a sample variance needs at least 2 chains; give 2 or more.");
        if (shown < 0 || shown >= starts.Count)
            throw new ArgumentOutOfRangeException(nameof(shown), shown, $"there are {starts.Count} starting points x_0; give an index below that.");
        var rows = new List<ForwardChainRow>();
        var (steps, means, vars) = (new List<double>(), new List<double>(), new List<double>());
        double worst = 0;
        var x = tensor(starts.ToArray(), dtype: float64).expand(chains, starts.Count).clone();
        for (int t = 0; t < schedule.T; t++)
        {
            using (var z = randn(x.shape, dtype: float64, generator: generator))
            {
                var next = Forward.SampleStep(schedule, x, t, z);
                x.Dispose();
                x = next;
            }
            bool reported = report.Contains(t);
            if (t % 10 != 9 && t != 0 && !reported) continue;
            using var scope = NewDisposeScope();
            var m = x.mean([0]).data<double>().ToArray();
            var v = x.var(0).data<double>().ToArray();
            double variance = 1 - schedule.AlphaBar(t);
            steps.Add(t + 1); means.Add(m[shown]); vars.Add(v[shown]);
            if (!reported) continue;
            for (int j = 0; j < starts.Count; j++)
            {
                double mean = Forward.MarginalMeanCoefficient(schedule, t) * starts[j];
                double zMean = (m[j] - mean) / Math.Sqrt(variance / chains), zVar = (v[j] - variance) / (variance * Math.Sqrt(2.0 / chains));
                worst = Math.Max(worst, Math.Max(Math.Abs(zMean), Math.Abs(zVar)));
                rows.Add(new ForwardChainRow(t + 1, starts[j], m[j], mean, zMean, v[j], variance, zVar));
            }
        }
        x.Dispose();
        return new ForwardChainCheck(rows, worst, steps, means, vars, starts[shown], chains);
    }
}
