using Ddim.Teaching.Metrics;
using Ddim.Teaching.Sampling;

namespace Ddim.Teaching.Experiments;

/// <summary>
/// What notebook 05's prose says about the stored paired sweep of the shipped CPU model (<c>unet-fashion-paired</c>), as checks
/// on its paired verdicts (<see cref="PairedSweep"/>) and its Table 1 claims (<see cref="Table1Claims"/>): what it reproduces
/// and what it leaves unresolved. A different table (e.g. a GPU model's) needs its own reading; these checks would fail on it
/// where it says otherwise, which is their point.
/// </summary>
public static class StoredSweepReading
{
    /// <summary>The checks of the shipped CPU model's table; a false one throws <see cref="ClaimFailedException"/>.</summary>
    public static CheckTable ShippedCpuModel(PairedSweep paired, IReadOnlyList<ClaimCheck> claims)
    {
        ArgumentNullException.ThrowIfNull(paired);
        ArgumentNullException.ThrowIfNull(claims);
        ClaimOutcome Claim(string claim) => claims.Single(c => c.Claim == claim).Outcome;
        PairedOutcome Fid(int s, SamplerNoise a, SamplerNoise b) => paired.Compare(s, a, b).Fid;
        var eta0 = SamplerNoise.Deterministic;
        var ddpm = SamplerNoise.Ddpm;
        var noises = paired.Noises;
        var checks = new CheckTable("What the stored CPU table reproduces and what it leaves unresolved");
        checks.That(paired.Steps.All(s => Claim($"S = {s}: sigma-hat has the highest FID") == ClaimOutcome.Reproduced),
            "sigma-hat is the worst sampler at every stored S, resolved");
        checks.That(paired.Verdicts.Where(v => v.NoiseA == v.NoiseB).All(v => v.Fid != PairedOutcome.BBetter), "no sampler is resolved worse at a larger S");
        checks.That(noises.All(n => paired.Compare(20, n, 10, n).Fid == PairedOutcome.ABetter), "every sampler is resolved better at S = 20 than at S = 10");
        checks.That(noises.All(n => Claim($"{Table1Claims.Label(n)}: FID falls as S grows") == ClaimOutcome.Reproduced),
            "for every sampler, every larger stored S is resolved better than every smaller one");
        checks.That(new[] { eta0, SamplerNoise.FromEta(0.2), SamplerNoise.FromEta(0.5) }.All(n => Fid(10, n, ddpm) == PairedOutcome.ABetter),
            "S = 10: eta = 0, 0.2 and 0.5 each beat eta = 1, resolved", paired.Compare(10, eta0, ddpm).Describe());
        checks.That(new[] { 10, 20 }.All(s => Claim($"S = {s}: eta = 0 has the lowest FID") == ClaimOutcome.Unresolved
                && new[] { 0.2, 0.5 }.All(eta => Fid(s, eta0, SamplerNoise.FromEta(eta)) == PairedOutcome.Unresolved)),
            "S = 10 and 20: no sampler is resolved better than eta = 0, but eta = 0 is not resolved better than eta = 0.2 and 0.5 either");
        checks.That(Fid(20, eta0, ddpm) == PairedOutcome.Unresolved && Fid(20, SamplerNoise.FromEta(0.5), ddpm) == PairedOutcome.ABetter,
            "S = 20: eta = 0.5 beats eta = 1, resolved; eta = 0 against eta = 1 is not resolved after the correction", paired.Compare(20, eta0, ddpm).Describe());
        return checks;
    }
}
