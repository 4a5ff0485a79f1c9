using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using Ddim.Teaching.Solvers;

namespace Ddim.Teaching.GaussianWorld;

/// <summary>
/// One solver at one step count, in the Gaussian world, all exact: <see cref="MapError"/> is the RMS per coordinate of
/// (solver map - exact probability-flow map) x_T -&gt; x_0 over x_T ~ N(0, I); <see cref="GridError"/> the same for the map
/// x_T -&gt; x at the last grid point tau_1 (before the final first-order step to x_0); <see cref="FdToFlow"/> the Frechet distance between the
/// solver's output and the exact flow's output (both from N(0, I)); <see cref="FdToData"/> the Frechet distance to the data,
/// which also holds the fixed error of starting from N(0, I) instead of q(x_T).
/// </summary>
public sealed record ConvergencePoint(SolverKind Solver, int Steps, int Evaluations, double MapError, double GridError, double FdToFlow, double FdToData);

/// <summary>A fitted power law error = C NFE^Slope on log-log axes, over the points it was fitted to.</summary>
public sealed record PowerLawFit(double Slope, double Intercept, int Points)
{
    /// <summary>The order of convergence p = -Slope (error proportional to NFE^-p, i.e. to h^p).</summary>
    public double Order => -Slope;
}

/// <summary>
/// Orders of convergence measured exactly: every solver's map x_T -&gt; x_0 is affine in the Gaussian world
/// (<see cref="SolverPropagation"/>), so its error against the exact flow map is a closed-form number, not an estimate, and
/// a first-order method shows a log-log slope of -1 against the number of model evaluations, a second-order one -2.
/// </summary>
public static class ConvergenceOrder
{
    /// <summary>The exact errors of <paramref name="solver"/> for every requested step count.</summary>
    public static IReadOnlyList<ConvergencePoint> Measure(NoiseSchedule schedule, DiagonalGaussian data, SolverKind solver, IEnumerable<int> steps,
        SkipKind skip = SkipKind.Uniform)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(steps);
        var start = DiagonalGaussian.StandardNormal(data.Dimension);
        var points = new List<ConvergencePoint>();
        foreach (int s in steps)
        {
            var sequence = TimestepSequence.Create(skip, schedule.T, s, DuplicatePolicy.Remove);
            var map = SolverPropagation.Map(schedule, data, sequence, solver);
            var flow = SolverPropagation.FlowMap(schedule, data, sequence);
            var output = map.Push(start);
            double grid = sequence.Length < 2 ? 0 : SolverPropagation.Map(schedule, data, sequence, solver, toX0: false)
                .RmsDistance(SolverPropagation.FlowMap(schedule, data, sequence, toX0: false));
            points.Add(new ConvergencePoint(solver, s, SolverKinds.Evaluations(solver, sequence.Length), map.RmsDistance(flow), grid,
                output.FrechetDistance(flow.Push(start)), output.FrechetDistance(data)));
        }
        return points;
    }

    /// <summary>Least-squares fit of log(error) = Intercept + Slope log(NFE); needs two points or more, all positive.</summary>
    public static PowerLawFit Fit(IEnumerable<(double Evaluations, double Error)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var p = points.ToArray();
        if (p.Length < 2)
            throw new ArgumentException($"a slope needs at least 2 points; got {p.Length}.", nameof(points));
        if (p.Any(q => !(q.Evaluations > 0) || !(q.Error > 0)))
            throw new ArgumentException("every evaluation count and error must be > 0 for a log-log fit; drop the points that are 0.", nameof(points));
        var x = p.Select(q => Math.Log(q.Evaluations)).ToArray();
        var y = p.Select(q => Math.Log(q.Error)).ToArray();
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum(), sxx = x.Sum(a => (a - mx) * (a - mx));
        double slope = sxy / sxx;
        return new PowerLawFit(slope, my - slope * mx, p.Length);
    }

    /// <summary>The fitted power law of the map error to x_0 against NFE.</summary>
    public static PowerLawFit FitMapError(IEnumerable<ConvergencePoint> points) =>
        Fit(points.Select(p => ((double)p.Evaluations, p.MapError)));

    /// <summary>The fitted power law of the error on the last grid point against NFE.</summary>
    public static PowerLawFit FitGridError(IEnumerable<ConvergencePoint> points) =>
        Fit(points.Select(p => ((double)p.Evaluations, p.GridError)));
}
