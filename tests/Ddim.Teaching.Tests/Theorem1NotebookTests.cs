using Ddim.Teaching.Plotting;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Tests;

public class Theorem1NotebookTests
{
    private static readonly NoiseSchedule Schedule = NoiseSchedule.Linear();

    [Fact]
    public void Theorem1_check_finds_J_minus_L_equal_to_C_for_every_model_and_the_paired_differences_equal_to_those_of_L()
    {
        var data = new DiagonalGaussian([1.0, -0.5], [0.25, 1.44]);
        var best = LinearNoiseModel.Optimal(Schedule, data);
        var models = new Dictionary<string, LinearNoiseModel> { ["eps*"] = best, ["theta"] = best.Perturbed(0.9, 0.05) };
        double decoderStd = Math.Sqrt(Schedule.Beta(0));
        var sigmas = new Dictionary<string, double[]> { ["eta = 1"] = SigmaFamilyObjective.SigmasFromEta(Schedule, 1.0, decoderStd) };
        var check = Theorem1Check.Run(Schedule, data, models, sigmas, chains: 400, seed: 5);
        Assert.Equal(2, check.Rows.Count);
        Assert.Single(check.Differences);
        Assert.True(check.WorstZ < 5, $"largest |z| {check.WorstZ}");
        Assert.True(check.WorstDifferenceZ < 5, $"largest |z| of the differences {check.WorstDifferenceZ}");
        Assert.True(check.L("eta = 1", "eps*") < check.L("eta = 1", "theta"));
        Assert.Equal(check.L("eta = 1", "theta") - check.L("eta = 1", "eps*"), check.Differences[0].Exact, 12);
        Assert.Equal(check.Rows[0].C, check.Rows[1].C);                                     // C involves no model
        Assert.Equal(2, check.Table().Rows.Count);
        Assert.Single(check.DifferenceTable().Rows);
        Assert.Contains("J - J(eps*)", check.DifferenceTable().Headers);
    }

    [Fact]
    public void Per_t_fits_do_not_move_with_the_weights_and_equal_eps_star_while_a_shared_fit_moves()
    {
        int[] ts = [1, 9, 99, 499, 999];
        double[] ones = [1, 1, 1, 1, 1], varied = [0.1, 3, 1, 20, 0.5];
        var a = WeightedEpsFit.PerT(Schedule, ts, ones, 0.5, 0.3);
        var b = WeightedEpsFit.PerT(Schedule, ts, varied, 0.5, 0.3);
        var optimal = LinearNoiseModel.Optimal(Schedule, new DiagonalGaussian([0.5], [0.09]));
        for (int i = 0; i < ts.Length; i++)
        {
            Assert.Equal(a[i].W, b[i].W, 12);
            Assert.Equal(a[i].B, b[i].B, 12);
            Assert.Equal(optimal.Weight(ts[i], 0), a[i].W, 12);
            Assert.Equal(optimal.Offset(ts[i], 0), a[i].B, 12);
        }
        var sharedOnes = WeightedEpsFit.Shared(Schedule, ts, ones, 0.5, 0.3);
        var sharedVaried = WeightedEpsFit.Shared(Schedule, ts, varied, 0.5, 0.3);
        Assert.True(Math.Abs(sharedOnes.W - sharedVaried.W) > 1e-3);
        Assert.Throws<ArgumentException>(() => WeightedEpsFit.Shared(Schedule, ts, [1, 1], 0.5, 0.3));
        Assert.Throws<ArgumentException>(() => WeightedEpsFit.PerT(Schedule, ts, [1, 0, 1, 1, 1], 0.5, 0.3));
    }
}
