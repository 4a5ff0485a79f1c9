using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Ddim.Cli.Bench;

/// <summary>
/// A convolutional stand-in with the cost profile of a small 28x28 UNet (down, middle, up, skip; ~0.2 M parameters),
/// used only to time the sampler's own overhead against model evaluations. The timestep enters as an added scalar
/// embedding so that the net depends on t like a real noise predictor.
/// </summary>
internal sealed class StandInNet : Module<Tensor, Tensor, Tensor>
{
    private readonly Conv2d stem;
    private readonly Conv2d down;
    private readonly Conv2d middle;
    private readonly ConvTranspose2d up;
    private readonly Conv2d head;
    private readonly Linear time;

    public StandInNet(long channels = 32) : base(nameof(StandInNet))
    {
        stem = Conv2d(1, channels, 3, padding: 1);
        down = Conv2d(channels, 2 * channels, 3, stride: 2, padding: 1);
        middle = Conv2d(2 * channels, 2 * channels, 3, padding: 1);
        up = ConvTranspose2d(2 * channels, channels, 4, stride: 2, padding: 1);
        head = Conv2d(2 * channels, 1, 3, padding: 1);
        time = Linear(1, 2 * channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor t)
    {
        using var scope = NewDisposeScope();
        var h0 = functional.silu(stem.forward(x));
        var embedding = time.forward(t.to_type(x.dtype).unsqueeze(1) / 1000).unsqueeze(2).unsqueeze(3);
        var h1 = functional.silu(down.forward(h0) + embedding);
        var h2 = functional.silu(middle.forward(h1));
        var h3 = functional.silu(up.forward(h2));
        var output = head.forward(cat(new[] { h3, h0 }, 1));
        return output.MoveToOuterDisposeScope();
    }
}
