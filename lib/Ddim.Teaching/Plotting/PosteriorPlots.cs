using System.Globalization;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Posteriors;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Plotting;

/// <summary>The regression table and the prior-likelihood-posterior slider of notebook 02.</summary>
public static class PosteriorPlots
{
    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Fitted coefficients and residual variance against mu-tilde and beta-tilde, with z, one row per t.</summary>
    public static HtmlTable Table(this IReadOnlyList<PosteriorRegressionRow> rows) => HtmlTable.Of(
        ["t", "c_xt", "mu~ coef", "z", "c_x0", "mu~ coef", "z", "c_0", "z", "resid var", "beta~", "z"],
        rows.Select(r => new object?[] { r.PaperT, F(r.Fit.Coefficients[1], "F6"), F(r.Posterior.XtCoefficient, "F6"), F(r.XtZ, "F2"),
            F(r.Fit.Coefficients[2], "F6"), F(r.Posterior.X0Coefficient, "F6"), F(r.X0Z, "F2"), F(r.Fit.Coefficients[0], "F5"), F(r.InterceptZ, "F2"),
            F(r.ResidualVariance, "G5"), F(r.Posterior.Variance, "G5"), F(r.VarianceZ, "F2") }),
        rows.Count == 0 ? "" : $"{rows[0].Samples} simulated (x_0, x_(t-1), x_t) triples per t; z is the gap in standard errors");

    /// <summary>
    /// One frame per library step: the prior q(x_{t-1} | x_0), the likelihood q(x_t | x_{t-1}) as a normalised density of
    /// x_{t-1}, and the posterior (DDPM Eqs. 6-7), for one x_0 and the x_t made from it with noise <paramref name="eps"/>.
    /// </summary>
    public static IReadOnlyList<SliderFrame> BayesFrames(NoiseSchedule schedule, IReadOnlyList<int> steps, double x0, double eps, int gridPoints = 401)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var frames = new List<SliderFrame>();
        foreach (int t in steps)
        {
            var post = DdpmPosterior.Coefficients(schedule, t);
            double xt = Math.Sqrt(schedule.AlphaBar(t)) * x0 + Math.Sqrt(1 - schedule.AlphaBar(t)) * eps;
            double priorMean = Math.Sqrt(schedule.AlphaBar(t - 1)) * x0, priorVar = 1 - schedule.AlphaBar(t - 1);
            double likeMean = xt / Math.Sqrt(schedule.Alpha(t)), likeVar = schedule.Beta(t) / schedule.Alpha(t);   // q(x_t | x) as a density in x
            double width = 4 * Math.Sqrt(Math.Max(priorVar, likeVar));
            double lo = Math.Min(priorMean, likeMean) - width, hi = Math.Max(priorMean, likeMean) + width;
            var grid = Enumerable.Range(0, gridPoints).Select(k => lo + (hi - lo) * k / (gridPoints - 1)).ToArray();
            double[] Density(double m, double v) => grid.Select(x => Math.Exp(Normal.LogDensity(x, m, v))).ToArray();
            frames.Add(new SliderFrame($"t={t + 1}", [
                new Series($"prior q(x_t-1 | x_0), t={t + 1}", grid, Density(priorMean, priorVar)),
                new Series($"likelihood q(x_t | x_t-1), t={t + 1}", grid, Density(likeMean, likeVar)),
                new Series($"posterior q(x_t-1 | x_t, x_0), t={t + 1}", grid, Density(post.Mean(x0, xt), post.Variance))]));
        }
        return frames;
    }
}
