using static TorchSharp.torch;

namespace Ddim.Teaching.Sampling;

/// <summary>The output of one generalized step: the next sample x_prev and the prediction x0_hat made on the way.</summary>
public sealed record StepResult(Tensor XPrev, Tensor PredictedX0);
