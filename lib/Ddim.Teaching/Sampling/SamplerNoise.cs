using System.Globalization;

namespace Ddim.Teaching.Sampling;

/// <summary>How a sampler chooses its noise: sigma_t(eta) of DDIM Eq. (16), or the paper's larger sigma-hat.</summary>
public enum NoiseKind
{
    /// <summary>sigma_t(eta) = eta sqrt((1 - a_prev)/(1 - a_t)) sqrt(1 - a_t/a_prev): eta = 0 is DDIM, eta = 1 is DDPM.</summary>
    Eta,
    /// <summary>
    /// noise std sigma-hat_t = sqrt(1 - a_t/a_prev) with the eta = 1 mean (the authors' <c>ddpm_noisy</c> path); no noise on
    /// the last step, to t_prev = -1.
    /// </summary>
    SigmaHat,
}

/// <summary>The noise choice of a generalized DDIM step (Eq. 12): a value of eta &gt;= 0, or sigma-hat.</summary>
public sealed record SamplerNoise
{
    private SamplerNoise(NoiseKind kind, double eta)
    {
        Kind = kind;
        Eta = eta;
    }

    /// <summary>Whether this is an eta choice or sigma-hat.</summary>
    public NoiseKind Kind { get; }

    /// <summary>eta of Eq. (16); for sigma-hat, 1 (the eta whose mean sigma-hat keeps).</summary>
    public double Eta { get; }

    /// <summary>eta = 0: the deterministic DDIM sampler (an implicit model).</summary>
    public static SamplerNoise Deterministic { get; } = new(NoiseKind.Eta, 0);

    /// <summary>eta = 1: the DDPM ancestral sampler (sigma^2 = the DDPM posterior variance beta-tilde).</summary>
    public static SamplerNoise Ddpm { get; } = new(NoiseKind.Eta, 1);

    /// <summary>sigma-hat: the larger noise std sqrt(1 - a_t/a_prev) with the eta = 1 mean.</summary>
    public static SamplerNoise SigmaHat { get; } = new(NoiseKind.SigmaHat, 1);

    /// <summary>sigma_t(eta) of Eq. (16); eta must be finite and &gt;= 0 (whether it is admissible depends on the step).</summary>
    public static SamplerNoise FromEta(double eta)
    {
        if (!double.IsFinite(eta) || eta < 0)
            throw new ArgumentException($"eta is {eta}; it must be a finite number >= 0 (0 = DDIM, 1 = DDPM).", nameof(eta));
        return new SamplerNoise(NoiseKind.Eta, eta);
    }

    /// <summary>Parses "hat" (or "sigma-hat") or a number such as "0.5".</summary>
    public static SamplerNoise Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim().ToLowerInvariant();
        if (s is "hat" or "sigma-hat" or "sigmahat")
            return SigmaHat;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double eta))
            throw new ArgumentException($"eta '{text}' is neither a number >= 0 nor 'hat'.", nameof(text));
        return FromEta(eta);
    }

    /// <summary>The name a reader sees in tables and legends: "sigma-hat" or "eta = 0.5".</summary>
    public string Label => Kind == NoiseKind.SigmaHat ? "sigma-hat" : $"eta = {Eta.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>"hat" for sigma-hat, else eta in invariant culture (round-trips through <see cref="Parse"/>).</summary>
    public override string ToString() => Kind == NoiseKind.SigmaHat ? "hat" : Eta.ToString("R", CultureInfo.InvariantCulture);
}
