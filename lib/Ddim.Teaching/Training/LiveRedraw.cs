using System.Diagnostics;

namespace Ddim.Teaching.Training;

/// <summary>
/// When a live training view redraws: the loss chart at most once per interval (redrawing a chart costs more than a small
/// model's step), the samples every so many steps, and both at the last step, so the final picture is always shown. Pass
/// the result to <see cref="Trainer.Run"/>.
/// </summary>
public static class LiveRedraw
{
    /// <summary>
    /// A progress callback that calls <paramref name="drawLoss"/> when <paramref name="lossInterval"/> has passed since its
    /// last call and <paramref name="drawSamples"/> every <paramref name="samplesEvery"/> steps; both at the last step.
    /// </summary>
    public static Action<TrainingProgress> Every(TimeSpan lossInterval, long samplesEvery, Action<TrainingProgress> drawLoss, Action<TrainingProgress> drawSamples)
    {
        ArgumentNullException.ThrowIfNull(drawLoss);
        ArgumentNullException.ThrowIfNull(drawSamples);
        if (samplesEvery < 1) throw new ArgumentOutOfRangeException(nameof(samplesEvery), samplesEvery, "samplesEvery is a number of steps; give at least 1.");
        var sinceDraw = Stopwatch.StartNew();
        return p =>
        {
            bool last = p.Step == p.TotalSteps;
            if (sinceDraw.Elapsed >= lossInterval || last)
            {
                drawLoss(p);
                sinceDraw.Restart();
            }
            if (p.Step % samplesEvery == 0 || last) drawSamples(p);
        };
    }
}
