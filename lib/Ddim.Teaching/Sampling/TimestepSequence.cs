using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Sampling;

/// <summary>How a sub-sequence tau of the T timesteps is chosen (DDIM Section 4.2 and Appendix D.2).</summary>
public enum SkipKind
{
    /// <summary>The authors' "uniform": range(0, T, T div S). Starts at 0; its length differs from S when S does not divide T.</summary>
    Uniform,
    /// <summary>The authors' "quad": int(linspace(0, sqrt(0.8 T), S)^2). Ends at 0.8 T; repeats timesteps near 0 when S is large.</summary>
    Quad,
    /// <summary>The paper's linear tau_i = floor(c i), i = 1..S, c = T/S (1-based), i.e. t = floor(T i/S) - 1: exactly S steps, last one T-1.</summary>
    Linear,
    /// <summary>
    /// Karras et al. (2022, Eq. 5) with rho = 7: noise levels sigma_i evenly spaced in sigma^(1/rho) from sigma(T-1) down to
    /// sigma(0), each mapped to the trained timestep of nearest log sigma. Short steps in sigma near sigma(0), long ones near sigma(T-1); needs the noise schedule.
    /// </summary>
    Karras,
}

/// <summary>What to do with repeated timesteps: stepping from t to t is not a DDIM step, so they are never kept silently.</summary>
public enum DuplicatePolicy
{
    /// <summary>Throw, naming the repeated timesteps.</summary>
    Refuse,
    /// <summary>Keep each timestep once; <see cref="TimestepSequence.DuplicatesRemoved"/> reports how many went.</summary>
    Remove,
}

/// <summary>One step of a sampler, from <paramref name="T"/> to <paramref name="TPrev"/> (-1 at the end, where alpha-bar = 1).</summary>
public readonly record struct SamplingStep(int T, int TPrev);

/// <summary>
/// A sub-sequence tau of the timesteps 0..T-1, stored ascending (as in the authors' code) and sampled in decreasing order:
/// the step from tau_i goes to tau_{i-1}, and the step from the smallest goes to -1 (their seq_next = [-1] + seq[:-1]).
/// </summary>
public sealed class TimestepSequence
{
    private readonly int[] timesteps;

    private TimestepSequence(int totalSteps, int[] ascending, string description, int requested, int duplicatesRemoved)
    {
        T = totalSteps;
        timesteps = ascending;
        Description = description;
        Requested = requested;
        DuplicatesRemoved = duplicatesRemoved;
        SamplingSteps = Enumerable.Range(0, ascending.Length).Reverse()
            .Select(i => new SamplingStep(ascending[i], i == 0 ? -1 : ascending[i - 1])).ToArray();
    }

    /// <summary>Number of diffusion timesteps the sequence is drawn from.</summary>
    public int T { get; }

    /// <summary>How it was built, e.g. "uniform(S=10)".</summary>
    public string Description { get; }

    /// <summary>The number of steps asked for (S); <see cref="Length"/> may differ (uniform spacing, removed duplicates).</summary>
    public int Requested { get; }

    /// <summary>How many repeated timesteps were dropped (0 unless built with <see cref="DuplicatePolicy.Remove"/>).</summary>
    public int DuplicatesRemoved { get; }

    /// <summary>The timesteps ascending (a copy).</summary>
    public int[] Timesteps => (int[])timesteps.Clone();

    /// <summary>The number of sampling steps (= model evaluations) actually taken.</summary>
    public int Length => timesteps.Length;

    /// <summary>The first timestep sampled (the largest).</summary>
    public int First => timesteps[^1];

    /// <summary>The last timestep sampled (the smallest); the step from it goes to -1.</summary>
    public int Last => timesteps[0];

    /// <summary>The steps in sampling order: (tau_S, tau_{S-1}), ..., (tau_1, -1); strictly decreasing.</summary>
    public IReadOnlyList<SamplingStep> SamplingSteps { get; }

    /// <summary>A one-line report: requested S, length, first and last t, duplicates removed.</summary>
    public override string ToString() =>
        $"{Description}: {Length} steps (asked {Requested}), t = {First} .. {Last}, {DuplicatesRemoved} duplicates removed";

    /// <summary>Builds a sequence of the given kind with S requested steps out of T.</summary>
    public static TimestepSequence Create(SkipKind kind, int T, int S, DuplicatePolicy duplicates = DuplicatePolicy.Refuse) => kind switch
    {
        SkipKind.Uniform => Uniform(T, S),
        SkipKind.Quad => Quad(T, S, duplicates),
        SkipKind.Linear => Linear(T, S),
        SkipKind.Karras => throw new ArgumentException(
            "karras spacing places its steps by noise level, so it needs the noise schedule: call Create(kind, schedule, S).", nameof(kind)),
        _ => throw new ArgumentException($"Unknown skip kind {kind}.", nameof(kind)),
    };

    /// <summary>Builds a sequence of the given kind with S requested steps out of the schedule's T (every kind, Karras included).</summary>
    public static TimestepSequence Create(SkipKind kind, NoiseSchedule schedule, int S, DuplicatePolicy duplicates = DuplicatePolicy.Refuse)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return kind == SkipKind.Karras ? Karras(schedule, S, duplicates: duplicates) : Create(kind, schedule.T, S, duplicates);
    }

    /// <summary>Parses "uniform", "quad" (or "quadratic"), "linear" or "karras", case-insensitive.</summary>
    public static SkipKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "uniform" => SkipKind.Uniform,
        "quad" or "quadratic" => SkipKind.Quad,
        "linear" => SkipKind.Linear,
        "karras" => SkipKind.Karras,
        _ => throw new ArgumentException($"Unknown skip '{name}'; use uniform, quad, linear or karras.", nameof(name)),
    };

    /// <summary>The authors' "uniform": range(0, T, T div S). Never repeats; has ceil(T / (T div S)) elements.</summary>
    public static TimestepSequence Uniform(int T, int S)
    {
        CheckCounts(T, S);
        int stride = T / S;
        var seq = Enumerable.Range(0, (T + stride - 1) / stride).Select(i => i * stride).ToArray();
        return new TimestepSequence(T, seq, $"uniform(S={S})", S, 0);
    }

    /// <summary>The authors' "quad": int(linspace(0, sqrt(0.8 T), S)^2), truncated toward zero as Python's int().</summary>
    public static TimestepSequence Quad(int T, int S, DuplicatePolicy duplicates = DuplicatePolicy.Refuse)
    {
        CheckCounts(T, S);
        double stop = Math.Sqrt(T * 0.8);
        var raw = new int[S];
        for (int i = 0; i < S; i++)
        {
            // numpy.linspace: start + i*step with the last point set to stop exactly.
            double u = S == 1 ? 0 : i == S - 1 ? stop : i * (stop / (S - 1));
            raw[i] = (int)(u * u);
        }
        return FromRaw(T, raw, $"quad(S={S})", S, duplicates);
    }

    /// <summary>
    /// The paper's linear selection tau_i = floor(c i), i = 1..S, c = T/S, in 1-based time; 0-based t = floor(T i / S) - 1,
    /// computed in integers. Exactly S distinct steps for 1 &lt;= S &lt;= T; the first sampled step is T-1.
    /// </summary>
    public static TimestepSequence Linear(int T, int S)
    {
        CheckCounts(T, S);
        var seq = Enumerable.Range(1, S).Select(i => (int)((long)T * i / S) - 1).ToArray();
        return new TimestepSequence(T, seq, $"linear(S={S})", S, 0);
    }

    /// <summary>
    /// Karras et al. (2022) Eq. (5): sigma_i = (sigma_max^(1/rho) + i/(S-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho,
    /// i = 0..S-1, with sigma(t) = sqrt((1 - alpha-bar_t) / alpha-bar_t), sigma_max = sigma(T-1) and sigma_min = sigma(0), each
    /// sigma_i rounded to the timestep of nearest log sigma (the network is trained at integer t only). S = 1 is t = T-1 alone.
    /// </summary>
    public static TimestepSequence Karras(NoiseSchedule schedule, int S, double rho = 7, DuplicatePolicy duplicates = DuplicatePolicy.Refuse)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        CheckCounts(schedule.T, S);
        if (!(rho > 0) || double.IsInfinity(rho))
            throw new ArgumentException($"rho is {rho}; it must be a positive number (Karras et al. use 7).", nameof(rho));
        var logSigma = schedule.AlphaBars.Select(a => 0.5 * Math.Log((1 - a) / a)).ToArray();
        double hi = Math.Exp(logSigma[^1] / rho), lo = Math.Exp(logSigma[0] / rho);
        var raw = Enumerable.Range(0, S).Select(i => S == 1 ? schedule.T - 1 : Nearest(logSigma, rho * Math.Log(hi + i * (lo - hi) / (S - 1)))).ToArray();
        return FromRaw(schedule.T, raw, $"karras(S={S}, rho={rho:G3})", S, duplicates);
    }

    // Index of the entry of the ascending array nearest to value.
    private static int Nearest(double[] ascending, double value)
    {
        int i = Array.BinarySearch(ascending, value);
        if (i >= 0)
            return i;
        int above = ~i;
        if (above == 0)
            return 0;
        if (above == ascending.Length)
            return ascending.Length - 1;
        return value - ascending[above - 1] <= ascending[above] - value ? above - 1 : above;
    }

    /// <summary>An explicit list of timesteps in any order, each in 0..T-1.</summary>
    public static TimestepSequence FromTimesteps(int T, IEnumerable<int> timesteps, DuplicatePolicy duplicates = DuplicatePolicy.Refuse)
    {
        ArgumentNullException.ThrowIfNull(timesteps);
        var raw = timesteps.ToArray();
        if (T < 1)
            throw new ArgumentException($"T is {T}; it must be at least 1.", nameof(T));
        if (raw.Length == 0)
            throw new ArgumentException("The sequence is empty; give at least one timestep.", nameof(timesteps));
        foreach (int t in raw)
        {
            if (t < 0 || t >= T)
                throw new ArgumentException($"timestep {t} lies outside 0..{T - 1}.", nameof(timesteps));
        }
        return FromRaw(T, raw, "explicit", raw.Length, duplicates);
    }

    private static TimestepSequence FromRaw(int T, int[] raw, string description, int requested, DuplicatePolicy duplicates)
    {
        var distinct = raw.Distinct().Order().ToArray();
        int removed = raw.Length - distinct.Length;
        if (removed > 0 && duplicates == DuplicatePolicy.Refuse)
        {
            var repeated = raw.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).Order().Take(5);
            throw new ArgumentException(
                $"{description} over T = {T} repeats {removed} timesteps (e.g. t = {string.Join(", ", repeated)}); " +
                $"use DuplicatePolicy.Remove to keep {distinct.Length} distinct steps, or ask for fewer steps.", "duplicates");
        }
        return new TimestepSequence(T, distinct, description, requested, removed);
    }

    private static void CheckCounts(int T, int S)
    {
        if (T < 1)
            throw new ArgumentException($"T is {T}; it must be at least 1.", nameof(T));
        if (S < 1)
            throw new ArgumentException($"S (steps) is {S}; it must be at least 1.", nameof(S));
        if (S > T)
            throw new ArgumentException($"S (steps) is {S}; it cannot exceed T = {T}.", nameof(S));
    }
}
