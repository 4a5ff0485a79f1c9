using Ddim.Teaching.GaussianWorld;
using Ddim.Teaching.Ode;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;

namespace Ddim.Teaching.Experiments;

/// <summary>The exact RMS endpoint errors of Euler in sigma (DDIM) and Euler in t (Eq. 15) for one data std s and step count S.</summary>
public sealed record GaussianOdeErrorRow(double DataStd, int Steps, double EulerInSigma, double EulerInTime)
{
    /// <summary>How many times larger the Euler-in-t error is.</summary>
    public double Ratio => EulerInTime / EulerInSigma;

    /// <summary>The error of <paramref name="kind"/>.</summary>
    public double Of(OdeDiscretisation kind) => kind == OdeDiscretisation.Sigma ? EulerInSigma : EulerInTime;
}

/// <summary>
/// A sweep of <see cref="EulerFactors.RmsEndpointError"/> over data stds and uniform step counts (Gaussian world): the
/// table and chart behind "Euler in sigma beats Euler in t at small S".
/// </summary>
public sealed record GaussianOdeErrors(IReadOnlyList<GaussianOdeErrorRow> Rows)
{
    /// <summary>Every (s, S) pair, S with uniform spacing on <paramref name="schedule"/>.</summary>
    public static GaussianOdeErrors Sweep(NoiseSchedule schedule, IEnumerable<double> dataStds, IReadOnlyList<int> steps) =>
        new((from s in dataStds
             from S in steps
             let seq = TimestepSequence.Uniform(schedule.T, S)
             select new GaussianOdeErrorRow(s, S, EulerFactors.RmsEndpointError(schedule, s, seq, OdeDiscretisation.Sigma),
                 EulerFactors.RmsEndpointError(schedule, s, seq, OdeDiscretisation.Time))).ToList());

    /// <summary>The error of <paramref name="kind"/> at data std <paramref name="s"/> and <paramref name="steps"/> steps.</summary>
    public double Error(double s, int steps, OdeDiscretisation kind) =>
        (Rows.FirstOrDefault(r => r.DataStd == s && r.Steps == steps)
         ?? throw new ArgumentException($"no row for s = {s}, S = {steps}; the sweep has s in [{string.Join(", ", Rows.Select(r => r.DataStd).Distinct())}] and S in [{string.Join(", ", Rows.Select(r => r.Steps).Distinct())}].")).Of(kind);
}
