using Ddim.Teaching.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class ModelTests
{
    [Fact]
    public void GroupNorm_affine_parameters_start_at_weight_one_and_bias_zero()
    {
        // TorchSharp 0.107.0's own GroupNorm leaves these uninitialised (PLATFORM.md): this guards the workaround.
        using var norm = Norms.GroupNorm(4, 16);
        Assert.True(norm.weight!.eq(1.0f).all().item<bool>());
        Assert.True(norm.bias!.eq(0.0f).all().item<bool>());
        using var unet = new UNet(UNetConfig.Compact);
        var norms = unet.named_parameters().Where(p => p.name.Contains("norm")).ToList();
        Assert.NotEmpty(norms);
        foreach (var (name, p) in norms)
            Assert.True(p.eq(name.EndsWith("weight") ? 1.0f : 0.0f).all().item<bool>(), name);
    }

    [Fact]
    public void GroupNorm_rejects_widths_not_divisible_by_the_group_count()
    {
        var e = Assert.Throws<ArgumentException>(() => Norms.GroupNorm(8, 12));
        Assert.Contains("divisible", e.Message);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("compact")]
    public void UNet_predicts_noise_of_the_input_shape_and_every_parameter_gets_a_gradient(string size)
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(3);
        var unet = new UNet(size == "tiny" ? UNetConfig.Tiny : UNetConfig.Compact);
        var x = torch.randn(2, 1, 28, 28);
        var t = torch.tensor(new long[] { 0, 999 });
        Assert.Equal(x.shape, unet.forward(x, t).shape);

        // The output convolution starts at zero (as in DDPM), which blocks gradients to everything before it;
        // give it random weights so the test sees the whole path.
        using (torch.no_grad())
            unet.named_parameters().Single(p => p.name == "conv_out.weight").parameter.normal_(0, 0.1);
        unet.forward(x, t).square().mean().backward();
        var starved = unet.named_parameters().Where(p => p.parameter.grad is null || p.parameter.grad.abs().sum().item<float>() == 0).Select(p => p.name).ToList();
        Assert.Empty(starved);
    }

    [Fact]
    public void UNet_rejects_a_wrong_image_shape_naming_the_expected_one()
    {
        using var unet = new UNet(UNetConfig.Tiny);
        var e = Assert.Throws<ArgumentException>(() => unet.forward(torch.zeros(1, 1, 32, 32), torch.zeros(1, dtype: ScalarType.Int64)));
        Assert.Contains("[B, 1, 28, 28]", e.Message);
    }

    [Fact]
    public void Mlp_predicts_noise_of_the_input_shape_and_every_parameter_gets_a_gradient()
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(4);
        var mlp = new MlpNoisePredictor(new MlpConfig());
        var x = torch.randn(5, 2);
        var t = torch.tensor(new long[] { 0, 10, 100, 500, 999 });
        var eps = mlp.forward(x, t);
        Assert.Equal(x.shape, eps.shape);
        eps.square().mean().backward();
        Assert.All(mlp.named_parameters(), p => Assert.True(p.parameter.grad!.abs().sum().item<float>() > 0, p.name));
    }

    [Fact]
    public void Networks_are_noise_predictors_that_samplers_call_without_gradients()
    {
        using var scope = torch.NewDisposeScope();
        INoisePredictor predictor = new MlpNoisePredictor(new MlpConfig());
        var eps = predictor.PredictNoise(torch.randn(3, 2, requires_grad: true), torch.zeros(3, dtype: ScalarType.Int64));
        Assert.False(eps.requires_grad);
    }

    [Fact]
    public void Sinusoidal_embedding_is_sin_then_cos_of_t_times_geometric_frequencies()
    {
        using var e = SinusoidalEmbedding.Embed(torch.tensor(new long[] { 0, 7 }), 8);
        Assert.Equal([2L, 8], e.shape);
        // Frequencies 10000^(-i/3), i = 0..3; float32 precision.
        for (int i = 0; i < 4; i++)
        {
            double w = Math.Pow(10000, -i / 3.0);
            Assert.Equal(Math.Sin(7 * w), e[1, i].item<float>(), 5);
            Assert.Equal(Math.Cos(7 * w), e[1, 4 + i].item<float>(), 5);
        }
        Assert.Equal(1.0f, e[0, 4].item<float>());
    }
}
