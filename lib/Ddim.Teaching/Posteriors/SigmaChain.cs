using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Posteriors;

/// <summary>Sample mean and variance of x_t over the chains at one step t, one entry per coordinate (per fixed x_0).</summary>
/// <param name="T">Library step t (0-based; the paper's t is T + 1).</param>
/// <param name="Mean">Sample mean of x_t per coordinate.</param>
/// <param name="Variance">Sample variance of x_t per coordinate.</param>
public sealed record ChainMoments(int T, double[] Mean, double[] Variance)
{
    /// <summary>
    /// Gaps from the marginal of Lemma 1, q(x_t | x_0) = N(sqrt(alpha_t) x_0, 1 - alpha_t), in standard errors of n chains:
    /// z of the mean (se sqrt(v / n)) and z of the variance (se v sqrt(2 / n)), per coordinate.
    /// </summary>
    public (double[] MeanZ, double[] VarianceZ) Z(NoiseSchedule schedule, IReadOnlyList<double> x0, int n)
    {
        double a = schedule.AlphaBar(T), v = 1 - a;
        return (Mean.Select((m, j) => (m - Math.Sqrt(a) * x0[j]) / Math.Sqrt(v / n)).ToArray(),
                Variance.Select(s2 => (s2 - v) / (v * Math.Sqrt(2.0 / n))).ToArray());
    }
}

/// <summary>One simulated backward chain: the moments at the reported steps and the variance trace of one coordinate.</summary>
/// <param name="Moments">At each reported t, from t = T - 1 down.</param>
/// <param name="TraceSteps">Paper's 1-based t of each trace point.</param>
/// <param name="TraceVariance">Variance of the traced coordinate at those steps.</param>
public sealed record SigmaChainRun(IReadOnlyList<ChainMoments> Moments, double[] TraceSteps, double[] TraceVariance);

/// <summary>
/// The backward chain of DDIM Eq. (6)-(7) simulated in 1-D per coordinate: x_T ~ q(x_T | x_0), then one draw from
/// q_sigma(x_{t-1} | x_t, x_0) (Eq. 7) per step down to t = 0. By Lemma 1 every x_t has the marginal N(sqrt(alpha_t) x_0, 1 - alpha_t)
/// whatever sigma is; the moments it records let a notebook test that.
/// </summary>
public static class SigmaChain
{
    /// <param name="schedule">The noise schedule (T steps).</param>
    /// <param name="x0">Fixed x_0, one per coordinate.</param>
    /// <param name="sigmas">sigma_t for every library step t (index t is the step t -&gt; t - 1; index 0 is unused).</param>
    /// <param name="n">Chains per x_0.</param>
    /// <param name="report">Library steps t at which the moments are recorded.</param>
    /// <param name="traceCoordinate">The coordinate whose variance is traced every 10 steps (and at t = 0).</param>
    /// <param name="generator">Source of the draws; torch's global generator when null.</param>
    public static SigmaChainRun Simulate(NoiseSchedule schedule, IReadOnlyList<double> x0, IReadOnlyList<double> sigmas, int n,
        IReadOnlyCollection<int> report, int traceCoordinate = 0, Generator? generator = null)
    {
        if (sigmas.Count != schedule.T)
            throw new ArgumentException($"sigmas has {sigmas.Count} entries for T = {schedule.T} steps; give one per step.", nameof(sigmas));
        if (n < 2)
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be at least 2 chains to estimate a variance.");
        if (traceCoordinate < 0 || traceCoordinate >= x0.Count)
            throw new ArgumentOutOfRangeException(nameof(traceCoordinate), traceCoordinate, $"there are {x0.Count} coordinates.");
        int d = x0.Count;
        var moments = new List<ChainMoments>();
        var traceT = new List<double>();
        var traceV = new List<double>();
        using var scope = NewDisposeScope();
        var start = tensor(x0.ToArray(), dtype: float64).expand(n, d);
        var x = Forward.SampleMarginal(schedule, start, schedule.T - 1, randn(new long[] { n, d }, dtype: float64, generator: generator));
        for (int t = schedule.T - 1; t >= 0; t--)
        {
            using var step = NewDisposeScope();                                    // one scope per step: memory stays flat
            if (t % 10 == 9 || t == 0) { traceT.Add(t + 1); traceV.Add(x.select(1, traceCoordinate).var().item<double>()); }
            if (report.Contains(t))
                moments.Add(new ChainMoments(t, x.mean([0]).data<double>().ToArray(), x.var(0).data<double>().ToArray()));
            if (t == 0) break;
            var c = SigmaPosterior.Coefficients(schedule, t, t - 1, sigmas[t]);
            var z = randn(new long[] { n, d }, dtype: float64, generator: generator);
            var next = c.X0Coefficient * start + c.XtCoefficient * x + c.Std * z;    // one draw from Eq. (7)
            x = next.MoveToOuterDisposeScope();
        }
        return new SigmaChainRun(moments, traceT.ToArray(), traceV.ToArray());
    }
}
