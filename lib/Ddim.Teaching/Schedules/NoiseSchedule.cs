namespace Ddim.Teaching.Schedules;

/// <summary>
/// A noise schedule in double precision: betas, alphas, alpha-bar and signal-to-noise ratio for 0-based timesteps
/// t = 0..T-1, as in the authors' code.
/// <para>
/// Notation: DDPM writes alpha_t = 1 - beta_t and alpha-bar_t = prod_{i&lt;=t} alpha_i. DDIM writes alpha_t for what
/// DDPM calls alpha-bar_t. This class keeps DDPM's names (<see cref="Alpha"/> is 1 - beta, <see cref="AlphaBar"/> is
/// the product); every DDIM equation in this library uses <see cref="AlphaBar"/> where the paper writes alpha.
/// </para>
/// <para>
/// Convention: <c>AlphaBar(-1) = 1</c>, the alpha-bar "before" the first timestep (the authors prepend beta = 0), so the
/// last sampling step, from t = seq[0] to t = -1, returns the predicted x_0 exactly.
/// </para>
/// </summary>
public sealed class NoiseSchedule
{
    private readonly double[] betas;
    private readonly double[] alphaBars;

    /// <summary>Builds a schedule from explicit betas, each in (0, 1].</summary>
    public NoiseSchedule(IReadOnlyList<double> betas, string name = "custom")
    {
        ArgumentNullException.ThrowIfNull(betas);
        if (betas.Count < 1)
            throw new ArgumentException("A schedule needs at least one beta.", nameof(betas));
        for (int t = 0; t < betas.Count; t++)
        {
            if (!(betas[t] > 0 && betas[t] <= 1))
                throw new ArgumentException($"beta at t={t} is {betas[t]}; every beta must lie in (0, 1].", nameof(betas));
        }
        this.betas = betas.ToArray();
        alphaBars = new double[this.betas.Length];
        double product = 1;
        for (int t = 0; t < this.betas.Length; t++)
        {
            product *= 1 - this.betas[t];
            alphaBars[t] = product;
        }
        Name = name;
    }

    /// <summary>A short description, e.g. "linear(1e-4..0.02, T=1000)".</summary>
    public string Name { get; }

    /// <summary>Number of diffusion steps T.</summary>
    public int T => betas.Length;

    /// <summary>beta_0..beta_{T-1} (a copy, for plots).</summary>
    public double[] Betas => (double[])betas.Clone();

    /// <summary>DDPM alpha_t = 1 - beta_t for t = 0..T-1 (a copy, for plots).</summary>
    public double[] Alphas => betas.Select(b => 1 - b).ToArray();

    /// <summary>DDPM alpha-bar_t = DDIM alpha_t for t = 0..T-1 (a copy, for plots).</summary>
    public double[] AlphaBars => (double[])alphaBars.Clone();

    /// <summary>SNR_t = alpha-bar_t / (1 - alpha-bar_t) for t = 0..T-1 (a copy, for plots).</summary>
    public double[] Snrs => Enumerable.Range(0, T).Select(Snr).ToArray();

    /// <summary>beta_t for t in 0..T-1.</summary>
    public double Beta(int t) => betas[CheckStep(t)];

    /// <summary>DDPM alpha_t = 1 - beta_t for t in 0..T-1.</summary>
    public double Alpha(int t) => 1 - betas[CheckStep(t)];

    /// <summary>
    /// DDPM alpha-bar_t (DDIM alpha_t) = prod_{i&lt;=t} (1 - beta_i) for t in -1..T-1, with AlphaBar(-1) = 1.
    /// </summary>
    public double AlphaBar(int t)
    {
        if (t == -1)
            return 1.0;
        return alphaBars[CheckStep(t)];
    }

    /// <summary>alpha-bar of the step before t: AlphaBarPrev(t) = AlphaBar(t - 1), so AlphaBarPrev(0) = 1.</summary>
    public double AlphaBarPrev(int t) => AlphaBar(CheckStep(t) - 1);

    /// <summary>Signal-to-noise ratio alpha-bar_t / (1 - alpha-bar_t); infinite at t = -1.</summary>
    public double Snr(int t)
    {
        double a = AlphaBar(t);
        return a / (1 - a);
    }

    /// <summary>Builds one of the named schedules with the authors' defaults (beta 1e-4 .. 0.02).</summary>
    public static NoiseSchedule Create(ScheduleKind kind, int T = 1000, double betaStart = 1e-4, double betaEnd = 0.02) => kind switch
    {
        ScheduleKind.Linear => Linear(T, betaStart, betaEnd),
        ScheduleKind.Quadratic => Quadratic(T, betaStart, betaEnd),
        ScheduleKind.Cosine => Cosine(T),
        ScheduleKind.Sigmoid => Sigmoid(T, betaStart, betaEnd),
        ScheduleKind.Constant => Constant(T, betaEnd),
        ScheduleKind.Jsd => Jsd(T),
        _ => throw new ArgumentException($"Unknown schedule kind {kind}.", nameof(kind)),
    };

    /// <summary>Parses a schedule name (linear, quadratic or quad, cosine, sigmoid, constant or const, jsd), case-insensitive.</summary>
    public static ScheduleKind ParseKind(string name) => name.Trim().ToLowerInvariant() switch
    {
        "linear" => ScheduleKind.Linear,
        "quadratic" or "quad" => ScheduleKind.Quadratic,
        "cosine" => ScheduleKind.Cosine,
        "sigmoid" => ScheduleKind.Sigmoid,
        "constant" or "const" => ScheduleKind.Constant,
        "jsd" => ScheduleKind.Jsd,
        _ => throw new ArgumentException(
            $"Unknown schedule '{name}'; use one of linear, quadratic, cosine, sigmoid, constant, jsd.", nameof(name)),
    };

    /// <summary>DDPM's linear schedule: beta_t = beta_start + t (beta_end - beta_start)/(T - 1).</summary>
    public static NoiseSchedule Linear(int T = 1000, double betaStart = 1e-4, double betaEnd = 0.02)
    {
        CheckRange(T, betaStart, betaEnd);
        return new NoiseSchedule(Linspace(betaStart, betaEnd, T), $"linear({betaStart:G3}..{betaEnd:G3}, T={T})");
    }

    /// <summary>sqrt(beta_t) linear from sqrt(beta_start) to sqrt(beta_end) (the authors' "quad").</summary>
    public static NoiseSchedule Quadratic(int T = 1000, double betaStart = 1e-4, double betaEnd = 0.02)
    {
        CheckRange(T, betaStart, betaEnd);
        var betas = Linspace(Math.Sqrt(betaStart), Math.Sqrt(betaEnd), T).Select(r => r * r).ToArray();
        return new NoiseSchedule(betas, $"quadratic({betaStart:G3}..{betaEnd:G3}, T={T})");
    }

    /// <summary>
    /// Nichol and Dhariwal (2021), Eq. (17): alpha-bar(u) = f(u)/f(0), f(u) = cos^2(((u/T + s)/(1 + s)) pi/2),
    /// beta_t = min(1 - alpha-bar(t+1)/alpha-bar(t), maxBeta) for t = 0..T-1.
    /// </summary>
    public static NoiseSchedule Cosine(int T = 1000, double s = 0.008, double maxBeta = 0.999)
    {
        CheckT(T);
        if (!(s >= 0))
            throw new ArgumentException($"offset s is {s}; it must be >= 0 (Nichol and Dhariwal use 0.008).", nameof(s));
        if (!(maxBeta > 0 && maxBeta <= 1))
            throw new ArgumentException($"maxBeta is {maxBeta}; it must lie in (0, 1] (Nichol and Dhariwal use 0.999).", nameof(maxBeta));
        double F(double u) => Math.Pow(Math.Cos((u / T + s) / (1 + s) * Math.PI / 2), 2);
        var betas = new double[T];
        for (int t = 0; t < T; t++)
            betas[t] = Math.Min(1 - F(t + 1) / F(t), maxBeta);
        return new NoiseSchedule(betas, $"cosine(s={s}, T={T})");
    }

    /// <summary>beta_t = sigmoid(u_t) (beta_end - beta_start) + beta_start, u_t evenly spaced on [-6, 6] (the authors' code).</summary>
    public static NoiseSchedule Sigmoid(int T = 1000, double betaStart = 1e-4, double betaEnd = 0.02)
    {
        CheckRange(T, betaStart, betaEnd);
        var betas = Linspace(-6, 6, T).Select(u => 1 / (1 + Math.Exp(-u)) * (betaEnd - betaStart) + betaStart).ToArray();
        return new NoiseSchedule(betas, $"sigmoid({betaStart:G3}..{betaEnd:G3}, T={T})");
    }

    /// <summary>Every beta equal to <paramref name="beta"/>.</summary>
    public static NoiseSchedule Constant(int T = 1000, double beta = 0.02)
    {
        CheckT(T);
        if (!(beta > 0 && beta <= 1))
            throw new ArgumentException($"beta is {beta}; it must lie in (0, 1].", nameof(beta));
        return new NoiseSchedule(Enumerable.Repeat(beta, T).ToArray(), $"constant({beta:G3}, T={T})");
    }

    /// <summary>beta_t = 1/(T - t) for t = 0..T-1, i.e. 1/T, 1/(T-1), ..., 1; alpha-bar_t = (T-1-t)/T, 0 at t = T-1.</summary>
    public static NoiseSchedule Jsd(int T = 1000)
    {
        CheckT(T);
        var betas = Enumerable.Range(0, T).Select(t => 1.0 / (T - t)).ToArray();
        return new NoiseSchedule(betas, $"jsd(T={T})");
    }

    /// <summary>The schedule's name with its parameters, e.g. linear(0.0001..0.02, T=1000).</summary>
    public override string ToString() => Name;

    private int CheckStep(int t)
    {
        if (t < 0 || t >= T)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"timestep must lie in 0..{T - 1} (T = {T}).");
        return t;
    }

    // numpy.linspace: start + i*step, with the last value set to stop exactly.
    private static double[] Linspace(double start, double stop, int count)
    {
        var values = new double[count];
        if (count == 1)
        {
            values[0] = start;
            return values;
        }
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++)
            values[i] = start + i * step;
        values[count - 1] = stop;
        return values;
    }

    private static void CheckT(int T)
    {
        if (T < 1)
            throw new ArgumentException($"T is {T}; the number of diffusion steps must be at least 1.", nameof(T));
    }

    private static void CheckRange(int T, double betaStart, double betaEnd)
    {
        CheckT(T);
        if (!(betaStart > 0 && betaStart <= 1))
            throw new ArgumentException($"betaStart is {betaStart}; it must lie in (0, 1].", nameof(betaStart));
        if (!(betaEnd > 0 && betaEnd <= 1))
            throw new ArgumentException($"betaEnd is {betaEnd}; it must lie in (0, 1].", nameof(betaEnd));
    }
}
