using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace Ddim.Teaching.Plotting;

/// <summary>FID versus model evaluations (NFE) with bootstrap intervals, one line per solver, on log-log axes.</summary>
public static class SolverPairedPlots
{
    /// <summary>
    /// One line per solver of <paramref name="sweep"/>, each cell at its NFE with its own 95% bootstrap interval (FID +- 1.96 se;
    /// the paired verdicts between cells that share x_T are sharper than these bars suggest). <paramref name="label"/> turns a
    /// world label into the legend's name.
    /// </summary>
    public static GenericChart FidVersusNfe(SolverPairedSweep sweep, string title, Func<string, string>? label = null)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        label ??= s => s;
        var traces = new List<GenericChart>();
        foreach (string solver in sweep.Solvers)
        {
            var cells = sweep.CellsOf(solver);
            var nfe = cells.Select(c => (double)c.Evaluations).ToArray();
            var fid = cells.Select(c => sweep.Cell(solver, c.Steps).FidPoint).ToArray();
            var half = cells.Select(c => 1.959964 * sweep.FidSe(solver, c.Steps)).ToArray();
            var line = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: nfe, y: fid, Name: label(solver), ShowMarkers: true);
            traces.Add(Plotly.NET.Chart.withYErrorStyle<double, double>(FSharpOption<bool>.Some(true), FSharpOption<StyleParam.ErrorType>.Some(StyleParam.ErrorType.Data),
                FSharpOption<bool>.Some(true), FSharpOption<IEnumerable<double>>.Some(half), null, null, null, null, null, null, null, null, null).Invoke(line));
        }
        return Plots.Layout(Plotly.NET.CSharp.Chart.Combine(traces), title, "model evaluations per sample (NFE, log scale)", "FID (lower is better, log scale)", logX: true, logY: true);
    }
}
