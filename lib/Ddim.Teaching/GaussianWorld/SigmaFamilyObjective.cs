using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>A Monte Carlo estimate: the sample mean, its standard error and the number of samples.</summary>
public sealed record MonteCarloEstimate(double Mean, double StandardError, int Samples);

/// <summary>Monte Carlo J for several models on shared chains: each J, and each J minus the first model's J (paired per chain).</summary>
public sealed record MonteCarloComparison(IReadOnlyList<MonteCarloEstimate> J, IReadOnlyList<MonteCarloEstimate> DifferenceFromFirst);

/// <summary>
/// DDIM Theorem 1 (J_sigma = L_gamma + C) made computable in the Gaussian world, data N(mu, diag s^2), with an affine
/// noise predictor (<see cref="LinearNoiseModel"/>). Timesteps are 0-based: library t is the paper's t + 1, and the last
/// reverse step (library t = 0, paper t = 1) is the decoder p_theta(x_0 | x_1) = N(f_theta(x_1), sigma_1^2 I).
/// <para>sigmas[t] for t &gt;= 1 is the std of q_sigma(x_{t-1} | x_t, x_0) (Eq. 7); sigmas[0] is the decoder std. All must be &gt; 0.</para>
/// </summary>
public static class SigmaFamilyObjective
{
    /// <summary>sigma_t(eta) of Eq. (16) for t = 1..T-1 (eta &gt; 0), and <paramref name="decoderStd"/> for t = 0.</summary>
    public static double[] SigmasFromEta(NoiseSchedule schedule, double eta, double decoderStd)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var sigmas = new double[schedule.T];
        sigmas[0] = decoderStd;
        for (int t = 1; t < schedule.T; t++)
            sigmas[t] = DdimCoefficients.SigmaFromEta(schedule.AlphaBar(t), schedule.AlphaBar(t - 1), eta);
        return sigmas;
    }

    /// <summary>
    /// The weights of DDIM Eq. (5) that make Theorem 1 hold: gamma_t = c_t^2 (1 - a_t)/(2 a_t sigma_t^2), where c_t is the
    /// weight of x_0 in the mean of Eq. (7), sqrt(a_prev) - sqrt(1 - a_prev - sigma_t^2) sqrt(a_t)/sqrt(1 - a_t) (c = 1 for the
    /// decoder). They come from KL(q_sigma || p_theta) = |c_t (x_0 - f_theta(x_t))|^2/(2 sigma_t^2) and
    /// x_0 - f_theta(x_t) = sqrt(1 - a_t)/sqrt(a_t) (eps_theta - eps).
    /// </summary>
    public static double[] Gamma(NoiseSchedule schedule, IReadOnlyList<double> sigmas)
    {
        CheckSigmas(schedule, sigmas);
        var gamma = new double[schedule.T];
        for (int t = 0; t < schedule.T; t++)
        {
            double a = schedule.AlphaBar(t);
            double c = t == 0 ? 1 : SigmaPosterior.Coefficients(schedule, t, t - 1, sigmas[t]).X0Coefficient;
            gamma[t] = c * c * (1 - a) / (2 * a * sigmas[t] * sigmas[t]);
        }
        return gamma;
    }

    /// <summary>DDIM Eq. (5), exactly: L_gamma = sum_t gamma_t E ||eps_theta(x_t, t) - eps||^2 (see <see cref="LinearNoiseModel.ExpectedSquaredError"/>).</summary>
    public static double WeightedEpsMse(NoiseSchedule schedule, DiagonalGaussian data, LinearNoiseModel model, IReadOnlyList<double> gamma)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gamma);
        model.CheckShape(schedule, data);
        if (gamma.Count != schedule.T)
            throw new ArgumentException($"gamma has {gamma.Count} entries; give one per timestep (T = {schedule.T}).", nameof(gamma));
        double sum = 0;
        for (int t = 0; t < schedule.T; t++)
            sum += gamma[t] * model.ExpectedSquaredError(schedule, data, t);
        return sum;
    }

    /// <summary>
    /// The theta-free constant C of Theorem 1 in this setting: E_x0 KL(q(x_T | x_0) || N(0, I)) + (D/2) log(2 pi sigma_1^2)
    /// (the prior term, and the normaliser of the decoder's log-density). The KLs of the middle steps have equal variances,
    /// so they contribute no constant.
    /// </summary>
    public static double Constant(NoiseSchedule schedule, DiagonalGaussian data, IReadOnlyList<double> sigmas)
    {
        CheckSigmas(schedule, sigmas);
        ArgumentNullException.ThrowIfNull(data);
        double a = schedule.AlphaBar(schedule.T - 1), sum = 0;
        for (int d = 0; d < data.Dimension; d++)
        {
            double secondMoment = data.Mean[d] * data.Mean[d] + data.Variance[d];
            sum += 0.5 * ((1 - a) + a * secondMoment - 1 - Math.Log(1 - a));
        }
        return sum + 0.5 * data.Dimension * Math.Log(2 * Math.PI * sigmas[0] * sigmas[0]);
    }

    /// <summary>
    /// J_sigma by Monte Carlo, straight from its definition (DDIM Section 3.2):
    /// J_sigma = E_{x_{0:T} ~ q_sigma} [log q_sigma(x_{1:T} | x_0) - log p_theta(x_{0:T})], with
    /// q_sigma(x_{1:T} | x_0) = q(x_T | x_0) prod_t q_sigma(x_{t-1} | x_t, x_0) (Eq. 6) and
    /// p_theta(x_{0:T}) = N(x_T; 0, I) prod_t p_theta(x_{t-1} | x_t), where p_theta(x_{t-1} | x_t) = q_sigma(x_{t-1} | x_t, f_theta(x_t))
    /// and f_theta(x_t) = (x_t - sqrt(1 - a_t) eps_theta(x_t))/sqrt(a_t) (Eq. 9-10). Every log-density is evaluated in full
    /// (no KL formula is used). The same seed draws the same trajectories, whatever the model (they come from q_sigma).
    /// </summary>
    public static MonteCarloEstimate MonteCarloJ(NoiseSchedule schedule, DiagonalGaussian data, LinearNoiseModel model,
        IReadOnlyList<double> sigmas, int samples, int seed) =>
        MonteCarloJ(schedule, data, [model], sigmas, samples, seed).J[0];

    /// <summary>
    /// <see cref="MonteCarloJ(NoiseSchedule, DiagonalGaussian, LinearNoiseModel, IReadOnlyList{double}, int, int)"/> for several
    /// models along the same sampled chains, plus each model's J minus the first model's J, estimated per chain (paired), whose
    /// standard error is much smaller than that of either J.
    /// </summary>
    public static MonteCarloComparison MonteCarloJ(NoiseSchedule schedule, DiagonalGaussian data, IReadOnlyList<LinearNoiseModel> models,
        IReadOnlyList<double> sigmas, int samples, int seed)
    {
        ArgumentNullException.ThrowIfNull(models);
        CheckSigmas(schedule, sigmas);
        if (models.Count < 1)
            throw new ArgumentException("give at least one model.", nameof(models));
        foreach (var model in models)
            model.CheckShape(schedule, data);
        if (samples < 2)
            throw new ArgumentException($"samples is {samples}; a mean and its standard error need at least 2.", nameof(samples));
        int T = schedule.T, m = models.Count;
        var steps = new GaussianStep[T];
        for (int t = 1; t < T; t++)
            steps[t] = SigmaPosterior.Coefficients(schedule, t, t - 1, sigmas[t]);
        var random = new Random(seed);
        double aT = schedule.AlphaBar(T - 1);
        var values = new double[m];
        var sums = new double[m]; var squares = new double[m];
        var diffSums = new double[m]; var diffSquares = new double[m];
        var logP = new double[m];
        for (int n = 0; n < samples; n++)
        {
            Array.Clear(values);
            for (int d = 0; d < data.Dimension; d++)
            {
                double x0 = data.Mean[d] + Math.Sqrt(data.Variance[d]) * Gaussian(random);
                double x = Math.Sqrt(aT) * x0 + Math.Sqrt(1 - aT) * Gaussian(random);
                double logQ = Normal.LogDensity(x, Math.Sqrt(aT) * x0, 1 - aT);
                Array.Fill(logP, Normal.LogDensity(x, 0, 1));
                for (int t = T - 1; t >= 1; t--)
                {
                    var q = steps[t];
                    double meanQ = q.Mean(x0, x);
                    double next = meanQ + q.Std * Gaussian(random);
                    logQ += Normal.LogDensity(next, meanQ, q.Variance);
                    for (int k = 0; k < m; k++)
                        logP[k] += Normal.LogDensity(next, q.Mean(PredictX0(schedule, models[k], t, d, x), x), q.Variance);
                    x = next;
                }
                for (int k = 0; k < m; k++)
                    values[k] += logQ - (logP[k] + Normal.LogDensity(x0, PredictX0(schedule, models[k], 0, d, x), sigmas[0] * sigmas[0]));
            }
            for (int k = 0; k < m; k++)
            {
                sums[k] += values[k]; squares[k] += values[k] * values[k];
                double diff = values[k] - values[0];
                diffSums[k] += diff; diffSquares[k] += diff * diff;
            }
        }
        return new MonteCarloComparison(
            Enumerable.Range(0, m).Select(k => Estimate(sums[k], squares[k], samples)).ToArray(),
            Enumerable.Range(0, m).Select(k => Estimate(diffSums[k], diffSquares[k], samples)).ToArray());
    }

    private static MonteCarloEstimate Estimate(double sum, double sumSquares, int samples)
    {
        double mean = sum / samples;
        double variance = Math.Max(sumSquares / samples - mean * mean, 0) * samples / (samples - 1);
        return new MonteCarloEstimate(mean, Math.Sqrt(variance / samples), samples);
    }

    private static double PredictX0(NoiseSchedule schedule, LinearNoiseModel model, int t, int d, double x)
    {
        double a = schedule.AlphaBar(t);
        return (x - Math.Sqrt(1 - a) * model.Predict(t, d, x)) / Math.Sqrt(a);
    }

    // Box-Muller: two uniforms give one standard normal draw; 1 - U avoids log(0).
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static void CheckSigmas(NoiseSchedule schedule, IReadOnlyList<double> sigmas)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(sigmas);
        if (sigmas.Count != schedule.T)
            throw new ArgumentException($"sigmas has {sigmas.Count} entries; give one per timestep (T = {schedule.T}).", nameof(sigmas));
        for (int t = 0; t < sigmas.Count; t++)
        {
            if (!(sigmas[t] > 0) || !double.IsFinite(sigmas[t]))
                throw new ArgumentException($"sigma at t = {t} is {sigmas[t]}; Theorem 1 needs every sigma > 0 (eta > 0, and a decoder std > 0 at t = 0).", nameof(sigmas));
        }
    }
}
