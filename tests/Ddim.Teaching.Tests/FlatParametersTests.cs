using Ddim.Teaching.Models;
using Ddim.Teaching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class FlatParametersTests
{
    private static (Tensor X, Tensor T, Tensor Eps) Batch()
    {
        using var g = Seeded.Generator(4);
        return (Seeded.Randn([16, 2], g), Seeded.Randint(1000, [16], g), Seeded.Randn([16, 2], g));
    }

    [Fact]
    public void Flattened_parameters_keep_their_values_and_backward_fills_the_flat_gradient_buffer()
    {
        using var scope = NewDisposeScope();
        Seeded.Global(3);
        using var model = new MlpNoisePredictor(new MlpConfig(Hidden: 32, Layers: 2));
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        using var flat = new FlatParameters(model.parameters());
        Assert.Equal(model.parameters().Sum(p => p.numel()), flat.Values.numel());
        foreach (var (p, b) in model.parameters().Zip(before))
            Assert.True(p.eq(b).all().item<bool>());
        var (x, t, eps) = Batch();
        nn.functional.mse_loss(model.forward(x, t), eps).backward();
        Assert.True(flat.Gradients.abs().sum().item<float>() > 0, "the gradients landed outside the flat buffer");
        var concatenated = cat(model.parameters().Select(p => p.grad!.reshape(-1)).ToArray());
        Assert.True(concatenated.eq(flat.Gradients).all().item<bool>());
    }

    [Fact]
    public void Adam_over_flat_buffers_takes_the_steps_of_torch_optim_Adam()
    {
        using var scope = NewDisposeScope();
        Seeded.Global(5);
        using var ours = new MlpNoisePredictor(new MlpConfig(Hidden: 32, Layers: 2));
        Seeded.Global(5);
        using var theirs = new MlpNoisePredictor(new MlpConfig(Hidden: 32, Layers: 2));
        using var adam = new Adam(ours.parameters());
        using var reference = torch.optim.Adam(theirs.parameters(), lr: 1e-2);
        var (x, t, eps) = Batch();
        for (int i = 0; i < 5; i++)
        {
            using var step = NewDisposeScope();
            adam.ZeroGrad();
            nn.functional.mse_loss(ours.forward(x, t), eps).backward();
            adam.Step(1e-2);
            reference.zero_grad();
            nn.functional.mse_loss(theirs.forward(x, t), eps).backward();
            reference.step();
        }
        foreach (var (a, b) in ours.parameters().Zip(theirs.parameters()))
            Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-7), "Adam diverged from torch.optim.Adam");
    }

    [Fact]
    public void A_discarded_step_leaves_parameters_and_moments_untouched()
    {
        using var scope = NewDisposeScope();
        Seeded.Global(6);
        using var model = new MlpNoisePredictor(new MlpConfig(Hidden: 16, Layers: 1));
        using var adam = new Adam(model.parameters());
        var (x, t, eps) = Batch();
        nn.functional.mse_loss(model.forward(x, t), eps).backward();
        adam.Step(1e-2);
        var values = model.parameters().Select(p => p.detach().clone()).ToList();
        var moments = adam.M.Concat(adam.V).Select(m => m.clone()).ToList();
        adam.ZeroGrad();
        (nn.functional.mse_loss(model.forward(x, t), eps) * float.NaN).backward();
        adam.Step(1e-2, apply: tensor(new[] { false }));
        foreach (var (p, v) in model.parameters().Zip(values))
            Assert.True(p.eq(v).all().item<bool>(), "a discarded step changed a parameter");
        foreach (var (m, v) in adam.M.Concat(adam.V).Zip(moments))
            Assert.True(m.eq(v).all().item<bool>(), "a discarded step changed a moment");
    }
}
