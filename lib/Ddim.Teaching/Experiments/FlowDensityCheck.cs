using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Ode;
using Ddim.Teaching.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Experiments;

/// <summary>
/// The DDIM ODE map f: x_T -> x_0 as a normalizing flow (DDIM Section 4.3) in the 2-D world: the change of variables
/// log p_data(f(z)) = log p_T(z) - log|det df/dz|, with the Jacobian of the solver's map taken by central differences and
/// both densities exact (a Gaussian mixture and its noised marginal).
/// </summary>
/// <param name="DetJ">det df/dz at every latent.</param>
/// <param name="FlowLogDensity">log p_T(z) - log|det J(z)|: the density the flow gives f(z).</param>
/// <param name="TrueLogDensity">log p_data(f(z)): the data density at the mapped point.</param>
public sealed record FlowDensityCheck(double[] DetJ, double[] FlowLogDensity, double[] TrueLogDensity)
{
    /// <summary>
    /// Solves the ODE (Euler in sigma along <paramref name="sequence"/>) from the four shifted copies z +- h e_j of
    /// <paramref name="z"/> [N, 2] in one batch; <paramref name="fz"/> [N, 2] is f(z) from the same solve.
    /// </summary>
    public static FlowDensityCheck Through(DdimOde ode, GaussianMixtureNoisePredictor mixture, Tensor z, Tensor fz, TimestepSequence sequence, double h = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(ode);
        ArgumentNullException.ThrowIfNull(mixture);
        if (z.dim() != 2 || z.shape[1] != 2 || !z.shape.SequenceEqual(fz.shape))
            throw new ArgumentException($"z and fz must both be 2-D points [N, 2]; got [{string.Join(", ", z.shape)}] and [{string.Join(", ", fz.shape)}].", nameof(z));
        if (!(h > 0)) throw new ArgumentOutOfRangeException(nameof(h), h, "the difference step h must be positive (e.g. 1e-5).");
        using var scope = NewDisposeScope();
        var shifts = new[] { (h, 0.0), (-h, 0.0), (0.0, h), (0.0, -h) }.Select(e => z + tensor(new[] { e.Item1, e.Item2 }, dtype: z.dtype, device: z.device));
        var shifted = ode.Solve(mixture, cat(shifts.ToArray()), sequence, OdeDiscretisation.Sigma).chunk(4);
        var d0 = (shifted[0] - shifted[1]) / (2 * h);   // d f / d z_0, [N, 2]
        var d1 = (shifted[2] - shifted[3]) / (2 * h);   // d f / d z_1
        var det = (d0[.., 0] * d1[.., 1] - d0[.., 1] * d1[.., 0]).cpu().to_type(float64).data<double>().ToArray();
        var zs = z.cpu().to_type(float64).data<double>().ToArray();
        var fs = fz.cpu().to_type(float64).data<double>().ToArray();
        var flow = new double[det.Length];
        var truth = new double[det.Length];
        for (int i = 0; i < det.Length; i++)
        {
            flow[i] = mixture.LogMarginalDensity(zs[(2 * i)..(2 * i + 2)], sequence.First) - Math.Log(Math.Abs(det[i]));   // log p_T(z) - log|det J|
            truth[i] = mixture.LogMarginalDensity(fs[(2 * i)..(2 * i + 2)], -1);                                           // log p_data(f(z))
        }
        return new FlowDensityCheck(det, flow, truth);
    }

    /// <summary>Number of latents.</summary>
    public int Count => DetJ.Length;

    /// <summary>The q-quantile (0..1, by rank) of |log p_flow - log p_data|: 0.5 the median, 1 the largest.</summary>
    public double GapQuantile(double q)
    {
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile lies in [0, 1].");
        var gaps = FlowLogDensity.Zip(TrueLogDensity, (f, t) => Math.Abs(f - t)).Order().ToArray();
        return gaps[Math.Min((int)(q * gaps.Length), gaps.Length - 1)];
    }
}
