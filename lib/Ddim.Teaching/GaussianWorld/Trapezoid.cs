namespace Ddim.Teaching.GaussianWorld;

/// <summary>The trapezoid rule, for checking that a density integrates to 1.</summary>
public static class Trapezoid
{
    /// <summary>
    /// The integral of <paramref name="f"/> over [<paramref name="lo"/>, <paramref name="hi"/>] with <paramref name="intervals"/>
    /// equal intervals: h (f(lo)/2 + f(lo + h) + ... + f(hi)/2). The error is O(h^2) for a smooth f.
    /// </summary>
    public static double Integrate(Func<double, double> f, double lo, double hi, int intervals)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (intervals < 1) throw new ArgumentOutOfRangeException(nameof(intervals), intervals, "give at least 1 interval.");
        if (!(hi > lo)) throw new ArgumentException($"the interval [{lo}, {hi}] is empty; give hi > lo.", nameof(hi));
        double h = (hi - lo) / intervals, sum = 0.5 * (f(lo) + f(hi));
        for (int k = 1; k < intervals; k++) sum += f(lo + k * h);
        return sum * h;
    }
}
