using static TorchSharp.torch;

namespace Ddim.Teaching.Sampling;

/// <summary>
/// The output of a whole trajectory. <see cref="X0"/> is the final sample. When recorded, <see cref="Trajectory"/> holds
/// x_T, then x after each step (so its last entry is <see cref="X0"/>), and <see cref="PredictedX0s"/> holds x0_hat of each
/// step; both follow <see cref="TimestepSequence.SamplingSteps"/>. Otherwise both lists are empty.
/// </summary>
public sealed record SampleResult(Tensor X0, IReadOnlyList<Tensor> Trajectory, IReadOnlyList<Tensor> PredictedX0s, int ModelCalls);
