using Ddim.Teaching.Models;
using Ddim.Teaching.Data;
using Ddim.Teaching.Training;

namespace Ddim.Cli.Tests;

public class TrainedModelCliTests
{
    [Fact]
    public void Sample_with_a_checkpoint_uses_the_trained_network_and_writes_a_tensor_file()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ddim-{Guid.NewGuid():N}.pt");
        try
        {
            var (code, output, error) = CliRunner.Run("sample", "--checkpoint", ShippedModels.MlpRing, "--n", "64", "--steps", "5", "--stats", "--out", file);
            Assert.True(code == 0, error);
            Assert.Contains("\"n\":64", output);
            Assert.Contains("\"dim\":2", output);
            using var samples = TorchSharp.torch.load(file);
            Assert.Equal([64L, 2], samples.shape);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Train_writes_a_resumable_checkpoint_and_cuda_without_a_gpu_is_refused()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ddim-{Guid.NewGuid():N}.ckpt");
        try
        {
            var (code, _, error) = CliRunner.Run("train", "--dataset", "moons", "--model", "mlp", "--steps", "3", "--batch", "16", "--points", "256", "--out", file);
            Assert.True(code == 0, error);
            Assert.Equal(3, Checkpoint.ReadMetadata(file).Step);
            (code, _, error) = CliRunner.Run("train", "--dataset", "moons", "--resume", file, "--steps", "5", "--out", file, "--points", "256");
            Assert.True(code == 0, error);
            Assert.Equal(5, Checkpoint.ReadMetadata(file).Step);
            if (!TorchSharp.torch.cuda.is_available())
            {
                (code, _, error) = CliRunner.Run("train", "--dataset", "moons", "--model", "mlp", "--steps", "1", "--device", "cuda", "--out", file);
                Assert.Equal(2, code);
                Assert.Contains("--device: cuda was asked for but CUDA is not available", error);
            }
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Encode_writes_latents_and_reconstruct_prints_the_error_per_S_in_unit_pixel_range()
    {
        string unet = ShippedModels.UNetFashion;
        string latents = Path.Combine(Path.GetTempPath(), $"ddim-{Guid.NewGuid():N}.pt");
        try
        {
            var (code, output, error) = CliRunner.Run("encode", "--checkpoint", unet, "--n", "2", "--steps", "5", "--out", latents);
            Assert.True(code == 0, error);
            using (var x = TorchSharp.torch.load(latents))
                Assert.Equal([2L, 1, 28, 28], x.shape);
            (code, output, error) = CliRunner.Run("reconstruct", "--checkpoint", unet, "--n", "2", "--steps", "2,5");
            Assert.True(code == 0, error);
            var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("S,mse_per_dim_01,n", rows[0]);
            // Pixels in [0, 1]: a per-dimension MSE lies in [0, 1].
            foreach (var row in rows.Skip(1))
                Assert.InRange(double.Parse(row.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture), 0.0, 1.0);
            Assert.Equal(3, rows.Length);
        }
        finally { File.Delete(latents); }
    }
}
