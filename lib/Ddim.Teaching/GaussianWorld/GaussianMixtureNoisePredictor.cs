using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Models;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>
/// The exact optimal noise predictor for a mixture of isotropic Gaussians, x_0 ~ sum_k w_k N(m_k, s_k^2 I), in D dimensions.
/// Diffusing each component gives p_t(x) = sum_k w_k N(x; sqrt(a) m_k, v_k I) with v_k = a s_k^2 + 1 - a (a = alpha-bar_t);
/// its score is sum_k r_k(x) (sqrt(a) m_k - x)/v_k with responsibilities r_k proportional to w_k N(x; sqrt(a) m_k, v_k I),
/// and eps*(x_t, t) = -sqrt(1 - a) score.
/// </summary>
public sealed class GaussianMixtureNoisePredictor : INoisePredictor
{
    private readonly NoiseSchedule schedule;

    /// <summary>A mixture with weights w_k (normalised here), means m_k (each of length D) and isotropic stds s_k.</summary>
    public GaussianMixtureNoisePredictor(NoiseSchedule schedule, IReadOnlyList<double> weights, IReadOnlyList<double[]> means, IReadOnlyList<double> stds)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(stds);
        int k = weights.Count;
        if (k < 1 || means.Count != k || stds.Count != k)
            throw new ArgumentException($"weights ({weights.Count}), means ({means.Count}) and stds ({stds.Count}) need one entry per component.", nameof(weights));
        if (weights.Any(w => !(w > 0) || !double.IsFinite(w)))
            throw new ArgumentException("every weight must be finite and > 0.", nameof(weights));
        if (stds.Any(s => !(s > 0) || !double.IsFinite(s)))
            throw new ArgumentException("every std must be finite and > 0.", nameof(stds));
        int d = means[0].Length;
        if (d < 1 || means.Any(m => m.Length != d || m.Any(v => !double.IsFinite(v))))
            throw new ArgumentException("every mean must have the same length D >= 1 and finite entries.", nameof(means));
        double total = weights.Sum();
        Schedule = schedule;
        Weights = weights.Select(w => w / total).ToArray();
        Means = means.Select(m => m.ToArray()).ToArray();
        Stds = stds.ToArray();
        this.schedule = schedule;
    }

    /// <summary>The schedule the predictor is exact for.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>Normalised component weights.</summary>
    public double[] Weights { get; }

    /// <summary>Component means, K x D.</summary>
    public double[][] Means { get; }

    /// <summary>Component stds (isotropic).</summary>
    public double[] Stds { get; }

    /// <summary>Number of dimensions D.</summary>
    public int Dimension => Means[0].Length;

    /// <summary><paramref name="count"/> equal-weight components of std <paramref name="std"/> evenly spaced on a circle of the given radius (2-D).</summary>
    public static GaussianMixtureNoisePredictor Ring(NoiseSchedule schedule, int count = 8, double radius = 2, double std = Data.Toy2d.RingStd)
    {
        if (count < 1)
            throw new ArgumentException($"count is {count}; a ring needs at least one component.", nameof(count));
        var means = Enumerable.Range(0, count)
            .Select(i => new[] { radius * Math.Cos(2 * Math.PI * i / count), radius * Math.Sin(2 * Math.PI * i / count) }).ToArray();
        return new GaussianMixtureNoisePredictor(schedule, Enumerable.Repeat(1.0, count).ToArray(), means, Enumerable.Repeat(std, count).ToArray());
    }

    /// <summary>
    /// log p_t(x) = log sum_k w_k N(x; sqrt(a) m_k, v_k I), v_k = a s_k^2 + 1 - a, a = alpha-bar_t, in plain doubles
    /// (log-sum-exp). <paramref name="t"/> = -1 is the data itself (alpha-bar_{-1} = 1): log p_0 of the mixture.
    /// </summary>
    public double LogMarginalDensity(IReadOnlyList<double> x, int t)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != Dimension)
            throw new ArgumentException($"x has {x.Count} coordinates; this mixture lives in D = {Dimension}.", nameof(x));
        double a = Schedule.AlphaBar(t);
        var terms = new double[Weights.Length];
        for (int k = 0; k < terms.Length; k++)
        {
            double v = a * Stds[k] * Stds[k] + (1 - a), squared = 0;
            for (int j = 0; j < Dimension; j++)
            {
                double d = x[j] - Math.Sqrt(a) * Means[k][j];
                squared += d * d;
            }
            terms[k] = Math.Log(Weights[k]) - 0.5 * Dimension * Math.Log(2 * Math.PI * v) - squared / (2 * v);
        }
        double best = terms.Max();
        return best + Math.Log(terms.Sum(v => Math.Exp(v - best)));
    }

    /// <inheritdoc />
    public Tensor PredictNoise(Tensor xt, Tensor t)
    {
        using var scope = NewDisposeScope();
        var x = FlatBatch.Flatten(xt, Dimension, nameof(GaussianMixtureNoisePredictor));
        var a = Forward.AlphaBarPerSample(schedule, t, x);                                           // [B, 1]
        var means = tensor(Means.SelectMany(m => m).ToArray(), dtype: x.dtype, device: x.device).reshape(Weights.Length, Dimension);
        var variance = a * tensor(Stds, dtype: x.dtype, device: x.device).square() + (1 - a);         // [B, K]
        var diff = x.unsqueeze(1) - a.sqrt().unsqueeze(2) * means.unsqueeze(0);                      // [B, K, D]
        var logResponsibility = tensor(Weights, dtype: x.dtype, device: x.device).log()
            - 0.5 * Dimension * variance.log() - diff.square().sum(2) / (2 * variance);
        var r = logResponsibility.softmax(1);                                                          // [B, K]
        var score = -(r / variance).unsqueeze(2).mul(diff).sum(1);                                     // [B, D]
        var eps = -(1 - a).sqrt() * score;
        return eps.reshape(xt.shape).MoveToOuterDisposeScope();
    }
}
