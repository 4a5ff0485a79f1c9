using Ddim.Teaching.Models;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

/// <summary>Passes every call through to a noise predictor and draws a progress bar of model calls (on standard error).</summary>
internal sealed class ProgressPredictor(INoisePredictor inner, long totalCalls, string label) : INoisePredictor
{
    private readonly ProgressLine bar = new(totalCalls, logEvery: 10, Console.Error);
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private long calls;

    public Tensor PredictNoise(Tensor xt, Tensor t)
    {
        var eps = inner.PredictNoise(xt, t);
        calls++;
        bar.Report(calls, $"{label} t={t[0].item<long>()}", clock.Elapsed, calls);
        return eps;
    }
}
