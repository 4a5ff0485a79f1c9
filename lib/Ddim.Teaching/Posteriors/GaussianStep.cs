namespace Ddim.Teaching.Posteriors;

/// <summary>
/// A Gaussian over x_prev whose mean is linear in (x_0, x_t):
/// N(<see cref="X0Coefficient"/> x_0 + <see cref="XtCoefficient"/> x_t, <see cref="Variance"/> I).
/// </summary>
public sealed record GaussianStep(double X0Coefficient, double XtCoefficient, double Variance)
{
    /// <summary>Standard deviation sqrt(Variance).</summary>
    public double Std => Math.Sqrt(Variance);

    /// <summary>The mean for scalar x_0 and x_t.</summary>
    public double Mean(double x0, double xt) => X0Coefficient * x0 + XtCoefficient * xt;
}
