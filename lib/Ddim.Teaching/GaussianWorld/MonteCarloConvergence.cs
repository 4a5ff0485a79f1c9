using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using Ddim.Teaching.Solvers;
using static TorchSharp.torch;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>
/// The error of one solver's map x_T -&gt; x against a reference solve, estimated by Monte Carlo over x_T ~ N(0, I):
/// <see cref="Rms"/> = sqrt(mean over samples and coordinates of the squared difference), with <see cref="StandardError"/>
/// from the spread of the per-sample squared errors (delta method: se(rms) = se(mean square)/(2 rms)).
/// </summary>
public sealed record MonteCarloError(SolverKind Solver, int Steps, int Evaluations, double Rms, double StandardError);

/// <summary>
/// Orders of convergence where no closed form exists (the 2-D mixture): every solver starts from the same n draws of x_T,
/// and its output is compared with a fine reference solve from the same draws. The difference is a property of the map,
/// so the Monte Carlo error only concerns which x_T are averaged over; it is stated with each number.
/// </summary>
public static class MonteCarloConvergence
{
    /// <summary>
    /// The RMS difference between <paramref name="solver"/> and the reference (<paramref name="reference"/> solver at
    /// <paramref name="referenceSteps"/>), at the last grid point (<paramref name="toX0"/> false; uniform sequences all end at
    /// t = 0, so the reference lands on the same t) or at x_0.
    /// </summary>
    public static IReadOnlyList<MonteCarloError> Measure(INoisePredictor model, NoiseSchedule schedule, long[] sampleShape, SolverKind solver,
        IEnumerable<int> steps, int samples, long seed, SolverKind reference = SolverKind.Heun, int referenceSteps = 1000, bool toX0 = false)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(steps);
        if (samples < 2)
            throw new ArgumentException($"samples is {samples}; a standard error needs at least 2.", nameof(samples));
        using var scope = NewDisposeScope();
        var xT = randn([samples, .. sampleShape], dtype: float64, generator: new Generator((ulong)seed));
        var exact = SolverKinds.Create(reference, schedule).Solve(model, xT, TimestepSequence.Uniform(schedule.T, referenceSteps), toX0);
        var rows = new List<MonteCarloError>();
        foreach (int s in steps)
        {
            var sequence = TimestepSequence.Uniform(schedule.T, s);
            var x = SolverKinds.Create(solver, schedule).Solve(model, xT, sequence, toX0);
            var perSample = (x - exact).square().reshape(samples, -1).mean([1L]);
            double meanSquare = perSample.mean().item<double>();
            double se = perSample.std().item<double>() / Math.Sqrt(samples);
            double rms = Math.Sqrt(meanSquare);
            rows.Add(new MonteCarloError(solver, s, SolverKinds.Evaluations(solver, sequence.Length), rms, rms > 0 ? se / (2 * rms) : 0));
        }
        return rows;
    }

    /// <summary>The fitted power law of the RMS error against NFE.</summary>
    public static PowerLawFit Fit(IEnumerable<MonteCarloError> rows) =>
        ConvergenceOrder.Fit(rows.Select(r => ((double)r.Evaluations, r.Rms)));
}
