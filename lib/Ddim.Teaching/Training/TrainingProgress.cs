namespace Ddim.Teaching.Training;

/// <summary>One progress report: sent every <c>reportEvery</c> steps of <see cref="Trainer.Run"/> (every step on the CPU).</summary>
/// <param name="Step">Steps completed so far (1-based after the first step).</param>
/// <param name="TotalSteps">The run's target step count.</param>
/// <param name="Loss">This step's eps-MSE.</param>
/// <param name="SmoothedLoss">Bias-corrected exponential moving average of the loss (rate 0.98), for a readable curve.</param>
/// <param name="ImagesPerSecond">Training examples per second over this run so far.</param>
/// <param name="Elapsed">Wall time of this run so far (excludes earlier runs of a resumed training).</param>
public sealed record TrainingProgress(long Step, long TotalSteps, double Loss, double SmoothedLoss, double ImagesPerSecond, TimeSpan Elapsed);

/// <summary>Thrown when the loss or gradient norm stops being finite; neither the failing step nor any later one is applied.</summary>
public sealed class TrainingDivergedException(long step, string what) : Exception($"Training diverged at step {step}: {what}. Weights were not updated and the last good checkpoint was left untouched; lower the learning rate or resume from that checkpoint.")
{
    /// <summary>The step whose loss or gradient was not finite.</summary>
    public long Step { get; } = step;
}
