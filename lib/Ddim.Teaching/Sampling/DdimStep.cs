using static TorchSharp.torch;

namespace Ddim.Teaching.Sampling;

/// <summary>
/// The generalized DDIM update (Eq. 12) as a pure tensor function, as diffusers' <c>DDIMScheduler.step</c>: it takes x_t,
/// the predicted noise eps and the step's scalars and returns (x_prev, x0_hat); it never calls a model. The library's
/// sampler, inversion and higher-order solvers all call it, so a loop written by hand over it is the library's loop.
/// </summary>
public static class DdimStep
{
    /// <summary>"Predicted x_0" of Eq. (12): x0_hat = (x_t - sqrt(1 - a_t) eps)/sqrt(a_t) (Eq. 9 solved for x_0).</summary>
    public static Tensor PredictX0(Tensor xt, Tensor eps, double alphaBar) =>
        (xt - Math.Sqrt(1 - alphaBar) * eps) / Math.Sqrt(alphaBar);

    /// <summary>The noise that, with x_t, implies a given x0_hat: eps = (x_t - sqrt(a_t) x0_hat)/sqrt(1 - a_t).</summary>
    public static Tensor NoiseFromX0(Tensor xt, Tensor x0, double alphaBar) =>
        (xt - Math.Sqrt(alphaBar) * x0) / Math.Sqrt(1 - alphaBar);

    /// <summary>
    /// DDIM Eq. (12): x_prev = sqrt(a_prev) x0_hat + <see cref="DdimStepCoefficients.Direction"/> eps
    /// + <see cref="DdimStepCoefficients.NoiseStd"/> z. <paramref name="z"/> (standard normal, the shape of x_t) is needed only
    /// when NoiseStd &gt; 0; the caller draws it, so the step itself is deterministic. With <paramref name="clipX0"/>, x0_hat is
    /// clamped to [-1, 1] and eps re-derived from it, so x_prev is the Eq. (7) mean at the clipped x0_hat. The inputs are
    /// not disposed; the two outputs are new tensors.
    /// </summary>
    public static StepResult Apply(Tensor xt, Tensor eps, DdimStepCoefficients c, Tensor? z = null, bool clipX0 = false)
    {
        ArgumentNullException.ThrowIfNull(xt);
        ArgumentNullException.ThrowIfNull(eps);
        ArgumentNullException.ThrowIfNull(c);
        if (c.NoiseStd > 0 && z is null)
            throw new ArgumentException($"the step t = {c.T} -> {c.TPrev} adds noise (std {c.NoiseStd:G6}); pass z ~ N(0, I) of the shape of x_t.", nameof(z));
        using var scope = NewDisposeScope();
        var x0 = PredictX0(xt, eps, c.AlphaBar);
        if (clipX0)
        {
            x0 = x0.clamp(-1, 1);
            eps = NoiseFromX0(xt, x0, c.AlphaBar);
        }
        var xPrev = Math.Sqrt(c.AlphaBarPrev) * x0 + c.Direction * eps;                   // + "direction pointing to x_t"
        if (c.NoiseStd > 0)
            xPrev = xPrev + c.NoiseStd * z!;
        return new StepResult(xPrev.MoveToOuterDisposeScope(), x0.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The same update with x0_hat given instead of eps (how data-prediction solvers such as DPM-Solver++ use it):
    /// eps is implied by <see cref="NoiseFromX0"/>, then x_prev = sqrt(a_prev) x0_hat + Direction eps + NoiseStd z.
    /// </summary>
    public static Tensor FromX0(Tensor xt, Tensor x0, DdimStepCoefficients c, Tensor? z = null)
    {
        ArgumentNullException.ThrowIfNull(xt);
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(c);
        if (c.NoiseStd > 0 && z is null)
            throw new ArgumentException($"the step t = {c.T} -> {c.TPrev} adds noise (std {c.NoiseStd:G6}); pass z ~ N(0, I) of the shape of x_t.", nameof(z));
        using var scope = NewDisposeScope();
        var xPrev = Math.Sqrt(c.AlphaBarPrev) * x0 + c.Direction * NoiseFromX0(xt, x0, c.AlphaBar);
        if (c.NoiseStd > 0)
            xPrev = xPrev + c.NoiseStd * z!;
        return xPrev.MoveToOuterDisposeScope();
    }
}
