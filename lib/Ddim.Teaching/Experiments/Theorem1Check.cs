using System.Globalization;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Experiments;

/// <summary>One model under one sigma choice: the Monte Carlo J_sigma, the exact L_gamma and C, and the gap z = (J - L - C)/se.</summary>
public sealed record Theorem1Row(string Sigma, string Model, MonteCarloEstimate J, double L, double C)
{
    /// <summary>The gap of Theorem 1, J - (L_gamma + C), in standard errors of the Monte Carlo J.</summary>
    public double Z => (J.Mean - L - C) / J.StandardError;
}

/// <summary>
/// J_sigma(theta) - J_sigma(eps*) estimated on the same chains (paired), against the exact L_gamma(theta) - L_gamma(eps*).
/// </summary>
public sealed record Theorem1Difference(string Sigma, string Model, MonteCarloEstimate Difference, double Exact)
{
    /// <summary>The gap in standard errors of the paired difference.</summary>
    public double Z => (Difference.Mean - Exact) / Difference.StandardError;
}

/// <summary>
/// DDIM Theorem 1, J_sigma = L_gamma + C, checked in the exact Gaussian world: for every sigma choice, J_sigma of each model by
/// Monte Carlo from its definition (Eq. 6, 9-10; <see cref="SigmaFamilyObjective.MonteCarloJ(NoiseSchedule, DiagonalGaussian, IReadOnlyList{LinearNoiseModel}, IReadOnlyList{double}, int, int)"/>)
/// against the exact weighted eps-MSE L_gamma (gamma from sigma) plus the model-free constant C.
/// </summary>
public sealed record Theorem1Check(IReadOnlyList<Theorem1Row> Rows, IReadOnlyList<Theorem1Difference> Differences, int Chains)
{
    /// <summary>Runs every sigma choice for every model on <paramref name="chains"/> shared chains; the first model is the reference of the differences.</summary>
    public static Theorem1Check Run(NoiseSchedule schedule, DiagonalGaussian data, IReadOnlyDictionary<string, LinearNoiseModel> models,
        IReadOnlyDictionary<string, double[]> sigmaChoices, int chains, int seed)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(sigmaChoices);
        var labels = models.Keys.ToArray();
        var rows = new List<Theorem1Row>();
        var differences = new List<Theorem1Difference>();
        foreach (var (name, sigmas) in sigmaChoices)
        {
            var gamma = SigmaFamilyObjective.Gamma(schedule, sigmas);
            double c = SigmaFamilyObjective.Constant(schedule, data, sigmas);
            var mc = SigmaFamilyObjective.MonteCarloJ(schedule, data, labels.Select(l => models[l]).ToArray(), sigmas, chains, seed);
            var l = labels.Select(label => SigmaFamilyObjective.WeightedEpsMse(schedule, data, models[label], gamma)).ToArray();
            for (int k = 0; k < labels.Length; k++)
            {
                rows.Add(new Theorem1Row(name, labels[k], mc.J[k], l[k], c));
                if (k > 0) differences.Add(new Theorem1Difference(name, labels[k], mc.DifferenceFromFirst[k], l[k] - l[0]));
            }
        }
        return new Theorem1Check(rows, differences, chains);
    }

    /// <summary>The largest |z| of J - L - C over every model and sigma choice.</summary>
    public double WorstZ => Rows.Max(r => Math.Abs(r.Z));

    /// <summary>The largest |z| of the paired differences from the first model.</summary>
    public double WorstDifferenceZ => Differences.Count == 0 ? 0 : Differences.Max(d => Math.Abs(d.Z));

    /// <summary>The exact L_gamma of a model under a sigma choice.</summary>
    public double L(string sigma, string model) => Rows.Single(r => r.Sigma == sigma && r.Model == model).L;
}
