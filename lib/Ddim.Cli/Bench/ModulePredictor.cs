using Ddim.Teaching.Models;
using static TorchSharp.torch;

namespace Ddim.Cli.Bench;

/// <summary>Adapts a (x, t) -&gt; eps module to <see cref="INoisePredictor"/>.</summary>
internal sealed class ModulePredictor(nn.Module<Tensor, Tensor, Tensor> module) : INoisePredictor
{
    public Tensor PredictNoise(Tensor xt, Tensor t) => module.forward(xt, t);
}
