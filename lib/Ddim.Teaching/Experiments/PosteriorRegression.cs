using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Experiments;

/// <summary>
/// The least-squares fit x_{t-1} ~ c_0 + c_1 x_t + c_2 x_0 at one step against DDPM Eq. (7): the coefficients of mu-tilde_t,
/// c_0 = 0 and the residual variance beta-tilde_t, each gap in standard errors.
/// </summary>
public sealed record PosteriorRegressionRow(int PaperT, RegressionFit Fit, double ResidualVariance, GaussianStep Posterior, int Samples)
{
    /// <summary>z of c_1 against mu-tilde's x_t coefficient.</summary>
    public double XtZ => Fit.Z(1, Posterior.XtCoefficient);

    /// <summary>z of c_2 against mu-tilde's x_0 coefficient.</summary>
    public double X0Z => Fit.Z(2, Posterior.X0Coefficient);

    /// <summary>z of the intercept against 0.</summary>
    public double InterceptZ => Fit.Z(0);

    /// <summary>z of the residual variance against beta-tilde_t (standard error beta-tilde sqrt(2/n)).</summary>
    public double VarianceZ => (ResidualVariance - Posterior.Variance) / (Posterior.Variance * Math.Sqrt(2.0 / Samples));

    /// <summary>The largest |z| of the four.</summary>
    public double WorstZ => new[] { XtZ, X0Z, InterceptZ, VarianceZ }.Max(Math.Abs);
}

/// <summary>
/// DDPM's posterior found with no posterior formula: simulate (x_0, x_{t-1}, x_t) in the forward order (x_0 ~ N(mean, std^2),
/// x_{t-1} ~ q(x_{t-1} | x_0) by Eq. (4), x_t by one step of Eq. (2)) and regress x_{t-1} on (1, x_t, x_0).
/// </summary>
public static class PosteriorRegression
{
    /// <summary>One fit per library step in <paramref name="steps"/> (each at least 1), <paramref name="samples"/> triples each, from torch's global generator.</summary>
    public static IReadOnlyList<PosteriorRegressionRow> Run(NoiseSchedule schedule, IReadOnlyList<int> steps, int samples, double dataMean = 0.5, double dataStd = 0.8)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var rows = new List<PosteriorRegressionRow>();
        foreach (int t in steps)
        {
            if (t < 1 || t >= schedule.T)
                throw new ArgumentOutOfRangeException(nameof(steps), t, $"library step {t} has no x_(t-1) with noise; give steps in 1..{schedule.T - 1}.");
            using var scope = NewDisposeScope();
            var x0 = dataMean + dataStd * randn(samples, dtype: float64);
            var xPrev = Forward.SampleMarginal(schedule, x0, t - 1, randn(samples, dtype: float64));
            var xt = Forward.SampleStep(schedule, xPrev, t, randn(samples, dtype: float64));
            var design = stack([ones(samples, dtype: float64), xt, x0], 1);
            var fit = LinearRegression.Fit(design, xPrev);
            rows.Add(new PosteriorRegressionRow(t + 1, fit, fit.ResidualVariance, DdpmPosterior.Coefficients(schedule, t), samples));
        }
        return rows;
    }
}
