using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Solvers;

/// <summary>The deterministic samplers of the probability-flow ODE (DDIM Eq. 14) that the course compares.</summary>
public enum SolverKind
{
    /// <summary>DDIM eta = 0: Euler in sigma = sqrt((1 - a)/a), first order, one evaluation per step.</summary>
    Ddim,
    /// <summary>Heun's method in sigma (Karras et al. 2022, Algorithm 1): second order, two evaluations per step (one on the last).</summary>
    Heun,
    /// <summary>DPM-Solver++(2M) (Lu et al. 2022): multistep, data prediction, second order, one evaluation per step.</summary>
    DpmSolverPlusPlus2M,
    /// <summary>DPM-Solver-2M: the same multistep rule in noise prediction (extrapolates eps instead of x0_hat).</summary>
    DpmSolver2M,
}

/// <summary>Names, construction and evaluation counts of the <see cref="SolverKind"/>s.</summary>
public static class SolverKinds
{
    /// <summary>The command-line names, in the order of <see cref="SolverKind"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ddim", "heun", "dpmpp2m", "dpm2m"];

    /// <summary>The command-line name of a solver: ddim, heun or dpmpp2m.</summary>
    public static string Name(SolverKind kind) => Names[(int)kind];

    /// <summary>Parses ddim, heun, dpmpp2m or dpm2m (case-insensitive; also "dpm-solver++(2m)").</summary>
    public static SolverKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "ddim" or "euler" => SolverKind.Ddim,
            "heun" => SolverKind.Heun,
            "dpmpp2m" or "dpm++2m" or "dpm-solver++(2m)" or "dpmsolver++2m" => SolverKind.DpmSolverPlusPlus2M,
            "dpm2m" or "dpm-solver-2m" => SolverKind.DpmSolver2M,
            _ => throw new ArgumentException($"Unknown solver '{name}'; use {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>A solver of the given kind over <paramref name="schedule"/>.</summary>
    public static IOdeSolver Create(SolverKind kind, NoiseSchedule schedule) => kind switch
    {
        SolverKind.Ddim => new DdimSolver(schedule),
        SolverKind.Heun => new HeunSolver(schedule),
        SolverKind.DpmSolverPlusPlus2M => new DpmSolverPlusPlus2M(schedule),
        SolverKind.DpmSolver2M => new DpmSolver2M(schedule),
        _ => throw new ArgumentException($"Unknown solver kind {kind}.", nameof(kind)),
    };

    /// <summary>Model evaluations (NFE) per sample over a sequence of <paramref name="length"/> steps: L, or 2L - 1 for Heun.</summary>
    public static int Evaluations(SolverKind kind, int length) => kind == SolverKind.Heun ? 2 * length - 1 : length;

    /// <summary>
    /// The number of steps S whose sequence costs at most <paramref name="evaluations"/> model evaluations when the sequence has
    /// exactly S steps (linear spacing): S = NFE, or (NFE + 1) div 2 for Heun.
    /// </summary>
    public static int StepsFor(SolverKind kind, int evaluations)
    {
        if (evaluations < 1)
            throw new ArgumentException($"evaluations is {evaluations}; a solver needs at least 1.", nameof(evaluations));
        return kind == SolverKind.Heun ? (evaluations + 1) / 2 : evaluations;
    }
}
