namespace Ddim.Teaching.Models;

/// <summary>Where tensors live during training.</summary>
public enum DeviceChoice
{
    /// <summary>CUDA when available, else CPU.</summary>
    Auto,
    /// <summary>The CPU (the default: this course runs on laptops).</summary>
    Cpu,
    /// <summary>The first CUDA GPU; fails with a clear message when there is none.</summary>
    Cuda,
}

/// <summary>
/// Hyper-parameters of L_simple training (DDPM Eq. (14), DDIM Eq. (5) with gamma = 1). Defaults follow the DDIM/DDPM
/// code (Adam, lr 2e-4, gradient clipping at norm 1) except the EMA rate: 0.9999 averages over ~10,000 steps, longer
/// than a short CPU run, so 0.999 (~1,000 steps) is the default here.
/// </summary>
public sealed record TrainingConfig(
    long Steps = 1000,
    int BatchSize = 128,
    double LearningRate = 2e-4,
    double GradClip = 1.0,
    double EmaDecay = 0.999,
    long Seed = 0,
    int WarmupSteps = 0,
    bool HorizontalFlip = false,
    long CheckpointEvery = 500,
    DeviceChoice Device = DeviceChoice.Cpu)
{
    /// <summary>Checks every field, naming the bad one and the fix.</summary>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"Steps must be at least 1, got {Steps}.", nameof(Steps));
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1, got {BatchSize}.", nameof(BatchSize));
        if (!(LearningRate > 0)) throw new ArgumentException($"LearningRate must be positive, got {LearningRate}.", nameof(LearningRate));
        if (!(GradClip > 0)) throw new ArgumentException($"GradClip must be positive, got {GradClip}.", nameof(GradClip));
        if (!(EmaDecay >= 0 && EmaDecay < 1)) throw new ArgumentException($"EmaDecay must lie in [0, 1), got {EmaDecay}.", nameof(EmaDecay));
        if (WarmupSteps < 0) throw new ArgumentException($"WarmupSteps must be >= 0, got {WarmupSteps}.", nameof(WarmupSteps));
        if (CheckpointEvery < 1) throw new ArgumentException($"CheckpointEvery must be at least 1, got {CheckpointEvery}.", nameof(CheckpointEvery));
    }
}
