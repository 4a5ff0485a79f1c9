using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>
/// A noise predictor that is affine in x_t, one weight and one offset per timestep and dimension:
/// eps_theta(x_t, t)_d = Weight[t][d] x_{t,d} + Offset[t][d]. Its parameters are not shared across t (the case of DDIM
/// Theorem 1's remark). For data N(mu, diag s^2) the optimal predictor eps* belongs to this family.
/// </summary>
public sealed class LinearNoiseModel
{
    private readonly double[][] weights;
    private readonly double[][] offsets;

    /// <summary>A model from explicit weights and offsets, each T x D.</summary>
    public LinearNoiseModel(IReadOnlyList<double[]> weights, IReadOnlyList<double[]> offsets)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(offsets);
        if (weights.Count < 1 || weights.Count != offsets.Count)
            throw new ArgumentException($"weights has {weights.Count} timesteps and offsets {offsets.Count}; give one row per timestep.", nameof(offsets));
        int d = weights[0].Length;
        if (d < 1 || weights.Any(w => w.Length != d) || offsets.Any(b => b.Length != d))
            throw new ArgumentException("every row of weights and offsets must have the same length D >= 1.", nameof(weights));
        this.weights = weights.Select(w => w.ToArray()).ToArray();
        this.offsets = offsets.Select(b => b.ToArray()).ToArray();
    }

    /// <summary>Number of timesteps T.</summary>
    public int T => weights.Length;

    /// <summary>Number of dimensions D.</summary>
    public int Dimension => weights[0].Length;

    /// <summary>The weight of x_{t,d}.</summary>
    public double Weight(int t, int d) => weights[t][d];

    /// <summary>The offset at (t, d).</summary>
    public double Offset(int t, int d) => offsets[t][d];

    /// <summary>eps_theta(x, t) in dimension d.</summary>
    public double Predict(int t, int d, double x) => weights[t][d] * x + offsets[t][d];

    /// <summary>
    /// The exact eps* for data N(mu, diag s^2): weight sqrt(1 - a_t)/(a_t s^2 + 1 - a_t), offset -weight sqrt(a_t) mu
    /// (a = DDPM alpha-bar = DDIM alpha), the same map as <see cref="GaussianNoisePredictor"/>.
    /// </summary>
    public static LinearNoiseModel Optimal(NoiseSchedule schedule, DiagonalGaussian data)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(data);
        var w = new double[schedule.T][];
        var b = new double[schedule.T][];
        for (int t = 0; t < schedule.T; t++)
        {
            double a = schedule.AlphaBar(t);
            w[t] = new double[data.Dimension];
            b[t] = new double[data.Dimension];
            for (int d = 0; d < data.Dimension; d++)
            {
                w[t][d] = Math.Sqrt(1 - a) / (a * data.Variance[d] + 1 - a);
                b[t][d] = -w[t][d] * Math.Sqrt(a) * data.Mean[d];
            }
        }
        return new LinearNoiseModel(w, b);
    }

    /// <summary>A deliberately imperfect copy: every weight times <paramref name="weightFactor"/>, every offset plus <paramref name="offsetShift"/>.</summary>
    public LinearNoiseModel Perturbed(double weightFactor, double offsetShift) =>
        new(weights.Select(r => r.Select(w => w * weightFactor).ToArray()).ToArray(),
            offsets.Select(r => r.Select(b => b + offsetShift).ToArray()).ToArray());

    /// <summary>
    /// E ||eps_theta(x_t, t) - eps||^2 exactly, over x_0 ~ data, eps ~ N(0, I), x_t = sqrt(a_t) x_0 + sqrt(1 - a_t) eps:
    /// per dimension eps_theta - eps = w sqrt(a) x_0 + (w sqrt(1 - a) - 1) eps + b, whose second moment is
    /// (w sqrt(a) mu + b)^2 + w^2 a s^2 + (w sqrt(1 - a) - 1)^2.
    /// </summary>
    public double ExpectedSquaredError(NoiseSchedule schedule, DiagonalGaussian data, int t)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(data);
        CheckShape(schedule, data);
        double a = schedule.AlphaBar(t), sum = 0;
        for (int d = 0; d < Dimension; d++)
        {
            double w = weights[t][d], b = offsets[t][d];
            double mean = w * Math.Sqrt(a) * data.Mean[d] + b;
            double fromNoise = w * Math.Sqrt(1 - a) - 1;
            sum += mean * mean + w * w * a * data.Variance[d] + fromNoise * fromNoise;
        }
        return sum;
    }

    internal void CheckShape(NoiseSchedule schedule, DiagonalGaussian data)
    {
        if (schedule.T != T)
            throw new ArgumentException($"the model has T = {T} timesteps but the schedule has {schedule.T}.", nameof(schedule));
        if (data.Dimension != Dimension)
            throw new ArgumentException($"the model has D = {Dimension} dimensions but the data has {data.Dimension}.", nameof(data));
    }
}
