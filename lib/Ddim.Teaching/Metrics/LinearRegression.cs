using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>Ordinary least squares: coefficients and their standard errors.</summary>
/// <param name="Coefficients">beta = (X^T X)^-1 X^T y, one per column of X.</param>
/// <param name="StandardErrors">sqrt(diag((X^T X)^-1) s^2), with s^2 = |y - X beta|^2 / (n - p).</param>
/// <param name="ResidualVariance">s^2 = |y - X beta|^2 / (n - p), the unbiased estimate of the noise variance.</param>
public sealed record RegressionFit(double[] Coefficients, double[] StandardErrors, double ResidualVariance)
{
    /// <summary>How many standard errors coefficient <paramref name="j"/> lies from <paramref name="value"/>.</summary>
    public double Z(int j, double value = 0) => (Coefficients[j] - value) / StandardErrors[j];
}

/// <summary>
/// Regression of y on the columns of X by the normal equations, in float64: the tool the notebooks use to ask what a sampled
/// variable depends on (e.g. whether x_t still depends on x_0 given x_{t-1}, i.e. whether a forward process is Markovian).
/// </summary>
public static class LinearRegression
{
    /// <summary>Fits y [n] on X [n, p] (include a column of ones for an intercept); needs n &gt; p.</summary>
    public static RegressionFit Fit(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() != 2 || y.dim() != 1 || x.shape[0] != y.shape[0])
            throw new ArgumentException($"X has shape [{string.Join(", ", x.shape)}] and y [{string.Join(", ", y.shape)}]; give X as [n, p] and y as [n].", nameof(x));
        long n = x.shape[0], p = x.shape[1];
        if (n <= p) throw new ArgumentException($"{n} rows for {p} coefficients; a standard error needs more rows than coefficients.", nameof(x));
        using var scope = NewDisposeScope();
        var X = x.to_type(float64);
        var Y = y.to_type(float64);
        var xtx = X.T.matmul(X);
        var beta = linalg.solve(xtx, X.T.matmul(Y));
        double s2 = (Y - X.matmul(beta)).square().sum().item<double>() / (n - p);
        var se = (linalg.inv(xtx).diag() * s2).sqrt();
        return new RegressionFit(beta.data<double>().ToArray(), se.data<double>().ToArray(), s2);
    }
}
