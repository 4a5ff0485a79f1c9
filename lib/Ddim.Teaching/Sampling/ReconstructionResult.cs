using static TorchSharp.torch;

namespace Ddim.Teaching.Sampling;

/// <summary>An encoding x_0 -&gt; x_T by the deterministic ODE (DDIM run forward in t) and its decoding back to x_0.</summary>
public sealed record ReconstructionResult(Tensor Latent, Tensor Reconstruction, int ModelCalls);
