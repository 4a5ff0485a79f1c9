using static TorchSharp.torch;

namespace Ddim.Teaching.Sampling;

/// <summary>The output of one generalized step: the next sample x_prev and the prediction x0_hat made on the way.</summary>
public sealed record StepResult(Tensor XPrev, Tensor PredictedX0);

/// <summary>
/// The output of a whole trajectory. <see cref="X0"/> is the final sample. When recorded, <see cref="Trajectory"/> holds
/// x_T, then x after each step (so its last entry is <see cref="X0"/>), and <see cref="PredictedX0s"/> holds x0_hat of each
/// step; both follow <see cref="TimestepSequence.SamplingSteps"/>. Otherwise both lists are empty.
/// </summary>
public sealed record SampleResult(Tensor X0, IReadOnlyList<Tensor> Trajectory, IReadOnlyList<Tensor> PredictedX0s, int ModelCalls);

/// <summary>An encoding x_0 -&gt; x_T by the deterministic ODE (DDIM run forward in t) and its decoding back to x_0.</summary>
public sealed record ReconstructionResult(Tensor Latent, Tensor Reconstruction, int ModelCalls);
