using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Experiments;
using Ddim.Teaching.Ode;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

/// <summary>The machinery of notebook 06: closed-form Euler factors, the Gaussian error sweep, the change of variables through the ODE map.</summary>
public class OdeErrorExperimentsTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Create(ScheduleKind.Linear);

    [Fact]
    public void The_closed_form_euler_factors_are_what_the_tensor_solvers_do_to_gaussian_data()
    {
        double mu = 0.5, s = 0.1;
        var gauss = new GaussianNoisePredictor(Linear, mu, s, dimension: 1);
        var ode = new DdimOde(Linear);
        var seq = TimestepSequence.Uniform(Linear.T, 10);
        var xT = linspace(-3, 3, 7, dtype: float64).reshape(7, 1);
        foreach (var kind in new[] { OdeDiscretisation.Sigma, OdeDiscretisation.Time })
        {
            var closed = mu + EulerFactors.Total(Linear, s, seq, kind) * (xT / Math.Sqrt(Linear.AlphaBar(seq.First)) - mu);
            Assert.True(Stats.MaxAbsDiff(ode.Solve(gauss, xT, seq, kind), closed) < 1e-10, kind.ToString());
        }
    }

    [Fact]
    public void Exact_factors_compose_to_the_exact_solution_and_euler_in_sigma_is_exact_for_a_point_mass_away_from_zero()
    {
        double s = 0.3, a = 5, b = 2, c = 0.5;
        Assert.Equal(EulerFactors.Exact(s, a, c), EulerFactors.Exact(s, a, b) * EulerFactors.Exact(s, b, c), 12);
        Assert.Equal(Math.Sqrt((s * s + c * c) / (s * s + a * a)), EulerFactors.Exact(s, a, c), 12);
        Assert.Equal(EulerFactors.Exact(0, a, c), EulerFactors.EulerInSigma(0, a, c), 12);   // s = 0: x-bar - mu = C sigma, a straight line
        Assert.NotEqual(EulerFactors.Exact(0, a, c), EulerFactors.EulerInTime(0, a, c), 3);
    }

    [Fact]
    public void Euler_in_sigma_has_the_smaller_exact_error_at_ten_steps_by_more_than_ten_times_and_both_errors_fall_with_s()
    {
        var errors = GaussianOdeErrors.Sweep(Linear, [0.1, 1.0], [10, 100]);
        Assert.Equal(4, errors.Rows.Count);
        Assert.All(errors.Rows.Where(r => r.Steps == 10), r => Assert.True(r.Ratio > 10, $"s = {r.DataStd}: ratio {r.Ratio}"));
        foreach (var kind in new[] { OdeDiscretisation.Sigma, OdeDiscretisation.Time })
            Assert.True(errors.Error(1.0, 100, kind) < errors.Error(1.0, 10, kind));
        Assert.Equal(EulerFactors.RmsEndpointError(Linear, 0.1, TimestepSequence.Uniform(Linear.T, 10), OdeDiscretisation.Time),
            errors.Error(0.1, 10, OdeDiscretisation.Time));
        Assert.Equal(4, errors.Series().Count());
        Assert.Equal(5, errors.ToTable().Headers.Count);
        var missing = Assert.Throws<ArgumentException>(() => errors.Error(0.5, 10, OdeDiscretisation.Sigma));
        Assert.Contains("s = 0.5", missing.Message);
    }

    [Fact]
    public void Through_a_fine_ode_map_the_change_of_variables_reproduces_the_ring_density()
    {
        var ring = GaussianMixtureNoisePredictor.Ring(Linear);
        var ode = new DdimOde(Linear);
        var seq = TimestepSequence.Uniform(Linear.T, 200);
        var z = randn(16, 2, dtype: float64, generator: new Generator(3));
        var fz = ode.Solve(ring, z, seq, OdeDiscretisation.Sigma);
        var flow = FlowDensityCheck.Through(ode, ring, z, fz, seq);
        Assert.Equal(16, flow.Count);
        Assert.All(flow.DetJ, d => Assert.True(d > 0, $"det J = {d}"));
        Assert.True(flow.GapQuantile(0.5) < 0.2, $"median gap {flow.GapQuantile(0.5)} nats");
        Assert.True(flow.GapQuantile(1) >= flow.GapQuantile(0.5));
        Assert.Throws<ArgumentException>(() => FlowDensityCheck.Through(ode, ring, zeros(4, 3, dtype: float64), zeros(4, 3, dtype: float64), seq));
    }
}
