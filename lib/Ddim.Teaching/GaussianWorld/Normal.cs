namespace Ddim.Teaching.GaussianWorld;

/// <summary>The one-dimensional normal distribution in double precision: log-density and KL divergence.</summary>
public static class Normal
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    /// <summary>log N(x; mean, variance) = -(x - mean)^2/(2 variance) - log(2 pi variance)/2; variance &gt; 0.</summary>
    public static double LogDensity(double x, double mean, double variance)
    {
        if (!(variance > 0))
            throw new ArgumentException($"variance is {variance}; a normal density needs variance > 0.", nameof(variance));
        double d = x - mean;
        return -d * d / (2 * variance) - 0.5 * (LogTwoPi + Math.Log(variance));
    }

    /// <summary>
    /// KL(N(m1, v1) || N(m2, v2)) = (log(v2/v1) + (v1 + (m1 - m2)^2)/v2 - 1)/2; with v1 = v2 = v it is (m1 - m2)^2/(2 v)
    /// (the reduction behind DDPM Eq. 8 and DDIM Theorem 1).
    /// </summary>
    public static double Kl(double mean1, double variance1, double mean2, double variance2)
    {
        if (!(variance1 > 0) || !(variance2 > 0))
            throw new ArgumentException($"variances are {variance1} and {variance2}; both must be > 0.", nameof(variance1));
        double d = mean1 - mean2;
        return 0.5 * (Math.Log(variance2 / variance1) + (variance1 + d * d) / variance2 - 1);
    }
}
