using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Data;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using Ddim.Teaching.Solvers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class SolverTests(ITestOutputHelper output)
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Linear();
    private static readonly DiagonalGaussian Data = new([0.5, -1.0, 0.0, 2.0], [0.09, 0.25, 1.0, 0.01]);
    private static readonly int[] Fine = [100, 200, 500, 1000];

    internal static GaussianMixtureNoisePredictor Ring()
    {
        var ring = Toy2d.Ring();
        return new GaussianMixtureNoisePredictor(Linear, ring.Weights, ring.Means.Select(m => new[] { m.X, m.Y }).ToArray(), ring.Means.Select(_ => ring.Std).ToArray());
    }

    [Fact]
    public void The_DDIM_solver_gives_the_eta_zero_samplers_samples_bit_for_bit()
    {
        var model = new GaussianNoisePredictor(Linear, Data);
        var xT = randn(new long[] { 5, 4 }, dtype: float64, generator: new Generator(2));
        var sequence = TimestepSequence.Uniform(1000, 20);
        var sampler = new DdimSampler(Linear).Sample(model, xT, sequence, SamplerNoise.Deterministic).X0;
        Assert.Equal(0.0, Stats.MaxAbsDiff(sampler, new DdimSolver(Linear).Solve(model, xT, sequence)));
    }

    [Theory]
    [InlineData(SolverKind.Ddim, 10, 10)]
    [InlineData(SolverKind.Heun, 10, 19)]
    [InlineData(SolverKind.DpmSolverPlusPlus2M, 10, 10)]
    [InlineData(SolverKind.DpmSolver2M, 10, 10)]
    [InlineData(SolverKind.Heun, 1, 1)]
    public void Each_solver_makes_the_evaluations_it_reports(SolverKind kind, int steps, int evaluations)
    {
        var model = new GaussianNoisePredictor(Linear, 0, 1, 2);
        var solver = SolverKinds.Create(kind, Linear);
        solver.Solve(model, randn(3, 2, dtype: float64), TimestepSequence.Uniform(1000, steps));
        Assert.Equal(evaluations, solver.ModelCalls);
        Assert.Equal(evaluations, SolverKinds.Evaluations(kind, steps));
        Assert.Equal(kind, SolverKinds.Parse(SolverKinds.Name(kind)));
    }

    [Theory]
    [InlineData(SolverKind.Ddim)]
    [InlineData(SolverKind.Heun)]
    [InlineData(SolverKind.DpmSolverPlusPlus2M)]
    [InlineData(SolverKind.DpmSolver2M)]
    public void Each_solver_is_an_affine_map_in_the_Gaussian_world_fixed_by_two_points(SolverKind kind)
    {
        // The two-point map must predict a third, arbitrary x_T: if any step were not affine this would fail.
        var sequence = TimestepSequence.Uniform(1000, 15);
        var map = SolverPropagation.Map(Linear, Data, sequence, kind);
        var model = new GaussianNoisePredictor(Linear, Data);
        var x = tensor(new[] { -2.5, 0.7, 3.1, -0.2 }, dtype: float64).reshape(1, 4);
        var solved = SolverKinds.Create(kind, Linear).Solve(model, x, sequence).data<double>().ToArray();
        var xs = x.data<double>().ToArray();
        // Float64 rounding over 2 x 15 steps stays near 1e-14; 1e-10 (relative) leaves room for reduction order under
        // load and is still far below what one non-affine step would leave.
        for (int d = 0; d < 4; d++)
        {
            double predicted = map.Scale[d] * xs[d] + map.Offset[d], gap = Math.Abs(solved[d] - predicted);
            Assert.True(gap < 1e-10 * (1 + Math.Abs(predicted)), $"{kind}, dimension {d}: gap {gap:G3}");
        }
    }

    [Fact]
    public void The_exact_flow_map_composes_over_an_intermediate_time()
    {
        var whole = SolverPropagation.FlowMap(Linear, Data, 900);
        var first = SolverPropagation.FlowMap(Linear, Data, 900, 300);
        var second = SolverPropagation.FlowMap(Linear, Data, 300);
        for (int d = 0; d < 4; d++)
        {
            Assert.Equal(whole.Scale[d], second.Scale[d] * first.Scale[d], 12);
            Assert.Equal(whole.Offset[d], second.Scale[d] * first.Offset[d] + second.Offset[d], 12);
        }
    }

    [Fact]
    public void Measured_orders_are_one_for_DDIM_and_two_for_Heun_and_both_DPM_solvers()
    {
        foreach (var (kind, order) in new[] { (SolverKind.Ddim, 1.0), (SolverKind.Heun, 2.0), (SolverKind.DpmSolverPlusPlus2M, 2.0), (SolverKind.DpmSolver2M, 2.0) })
        {
            var points = ConvergenceOrder.Measure(Linear, Data, kind, Fine);
            var fit = ConvergenceOrder.FitGridError(points);
            output.WriteLine($"{kind}: order {fit.Order:F3}; " + string.Join(", ", points.Select(p => $"NFE {p.Evaluations}: {p.GridError:E2}")));
            Assert.InRange(fit.Order, order - 0.2, order + 0.2);
        }
    }

    [Fact]
    public void Second_order_solvers_land_on_the_exact_flow_far_closer_than_DDIM_at_S_1000()
    {
        var at = (SolverKind kind) => ConvergenceOrder.Measure(Linear, Data, kind, [1000])[0].GridError;
        double ddim = at(SolverKind.Ddim), heun = at(SolverKind.Heun), dpm = at(SolverKind.DpmSolverPlusPlus2M);
        output.WriteLine($"RMS error at t = 0 against the exact flow, S = 1000: DDIM {ddim:E3}, Heun {heun:E3}, DPM-Solver++(2M) {dpm:E3}");
        Assert.True(heun < 2e-5, $"Heun {heun}");
        Assert.True(dpm < 2e-4, $"DPM-Solver++ {dpm}");
        Assert.True(ddim > 5 * Math.Max(heun, dpm), $"DDIM {ddim}");
    }

    [Fact]
    public void A_very_fine_DDIM_run_and_the_second_order_solvers_at_half_its_steps_agree_to_its_own_error()
    {
        var sequence = TimestepSequence.Uniform(1000, 1000);
        var ddim = SolverPropagation.Map(Linear, Data, sequence, SolverKind.Ddim, toX0: false);
        double ownError = ddim.RmsDistance(SolverPropagation.FlowMap(Linear, Data, sequence, toX0: false));
        foreach (var kind in new[] { SolverKind.Heun, SolverKind.DpmSolverPlusPlus2M, SolverKind.DpmSolver2M })
        {
            var coarse = SolverPropagation.Map(Linear, Data, TimestepSequence.Uniform(1000, 500), kind, toX0: false);
            double gap = coarse.RmsDistance(ddim);
            output.WriteLine($"{kind} at S = 500 vs DDIM at S = 1000: {gap:E3} (DDIM's own error {ownError:E3})");
            Assert.InRange(gap / ownError, 0.7, 1.3);
        }
    }

    [Fact]
    public void On_the_ring_mixture_Monte_Carlo_orders_are_one_for_DDIM_and_about_two_for_the_others()
    {
        var ring = Ring();
        foreach (var (kind, order) in new[] { (SolverKind.Ddim, 1.0), (SolverKind.Heun, 2.0), (SolverKind.DpmSolverPlusPlus2M, 2.0) })
        {
            var rows = MonteCarloConvergence.Measure(ring, Linear, [2], kind, [200, 500], samples: 500, seed: 4);
            var fit = MonteCarloConvergence.Fit(rows);
            output.WriteLine($"{kind}: order {fit.Order:F3}; " + string.Join(", ", rows.Select(r => $"NFE {r.Evaluations}: {r.Rms:E2} +- {r.StandardError:E1}")));
            Assert.All(rows, r => Assert.True(r.StandardError < 0.2 * r.Rms, $"{kind} S = {r.Steps}: se {r.StandardError} of {r.Rms}"));
            Assert.InRange(fit.Order, order - 0.3, order + 0.3);
        }
    }
}
