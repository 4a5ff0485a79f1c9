using Ddim.Teaching.Data;
using Ddim.Teaching.Models;
using Ddim.Teaching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

// Trainers draw batches, timesteps, noise and flips from their own seeded generator; only dropout uses torch's global
// generator, and the tiny configurations have none, so parallel test classes cannot disturb the sequences compared here.
public class TrainingTests
{
    private static Tensor Images(int n, long seed)
    {
        using var g = new Generator((ulong)seed);
        return torch.rand([n, 1, 28, 28], generator: g).mul_(2).sub_(1);
    }

    // Weight initialisation draws from torch's global generator, which tests in other classes share; copying one
    // initialisation into every trainer makes trainers of equal seed start identically.
    private static readonly UNet InitialWeights = new(UNetConfig.Tiny);

    private static Trainer TinyUNetTrainer(long steps, long seed = 7)
    {
        var model = new UNet(UNetConfig.Tiny);
        lock (InitialWeights)
            WeightAverage.CopyFrom(model, InitialWeights);
        return new(model, Images(32, 1), "random-images", new ScheduleSpec(),
            new TrainingConfig(Steps: steps, BatchSize: 4, LearningRate: 1e-3, Seed: seed, HorizontalFlip: true, CheckpointEvery: 1000));
    }

    private static bool Same(Tensor a, Tensor b) => a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"ddim-{Guid.NewGuid():N}.ckpt");

    [Fact]
    public void Adam_steps_lower_the_eps_mse_on_a_tiny_fixed_batch()
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(11);
        var model = new MlpNoisePredictor(new MlpConfig(Hidden: 64, Layers: 2));
        var xt = torch.randn(16, 2);
        var t = torch.randint(1000, [16]);
        var eps = torch.randn(16, 2);
        using var adam = new Adam(model.parameters());
        double Loss() => nn.functional.mse_loss(model.forward(xt, t), eps).item<float>();
        double before = Loss();
        for (int i = 0; i < 50; i++)
        {
            using var step = torch.NewDisposeScope();
            adam.ZeroGrad();
            nn.functional.mse_loss(model.forward(xt, t), eps).backward();
            adam.Step(1e-2);
        }
        // 16 fixed targets and 50 full-batch steps: a working optimiser at least halves the error (it falls ~10x).
        Assert.True(Loss() < 0.5 * before, $"loss {before} -> {Loss()}");
    }

    [Fact]
    public void Training_the_ring_mlp_lowers_the_smoothed_loss()
    {
        using var data = Toy2d.Sample("ring", 4096, seed: 1);
        using var trainer = new Trainer(new MlpNoisePredictor(new MlpConfig()), data, "ring", new ScheduleSpec(),
            new TrainingConfig(Steps: 150, BatchSize: 128, LearningRate: 2e-3, Seed: 2));
        trainer.Run();
        double first = trainer.LossHistory.Take(20).Average(), last = trainer.LossHistory.TakeLast(20).Average();
        // L_simple starts near 1 (predicting ~0 for unit noise); 150 steps reach ~0.4 on the ring. Averages of 20 steps
        // of 128 examples each keep the comparison far from noise.
        Assert.True(last < 0.8 * first, $"first 20 steps {first}, last 20 steps {last}");
    }

    [Fact]
    public void Live_tensor_count_stays_flat_across_training_steps()
    {
        using var trainer = TinyUNetTrainer(20);
        trainer.TrainStep();
        trainer.TrainStep();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 5; i++)
            trainer.TrainStep();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Checkpoint_round_trip_is_bit_exact()
    {
        string path = TempFile();
        try
        {
            using var trainer = TinyUNetTrainer(3);
            trainer.Run(checkpointPath: path);
            using var checkpoint = Checkpoint.Read(path);
            Assert.Equal(3, checkpoint.Metadata.Step);
            Assert.Equal(trainer.Model.Spec.UNet!.Multipliers, checkpoint.Metadata.Model.UNet!.Multipliers);
            foreach (var (name, tensor) in trainer.Ema.state_dict())
                Assert.True(Same(tensor, checkpoint.Tensors["ema." + name]), name);
            foreach (var (name, tensor) in trainer.Model.state_dict())
                Assert.True(Same(tensor, checkpoint.Tensors["model." + name]), name);

            using var loaded = TrainedModel.Load(path);
            using var raw = TrainedModel.Load(path, weights: Weights.Raw);
            using var scope = torch.NewDisposeScope();
            var x = Images(3, 9);
            var t = torch.tensor(new long[] { 1, 500, 999 });
            Assert.True(Same(trainer.Ema.PredictNoise(x, t), loaded.Network.PredictNoise(x, t)));
            Assert.True(Same(trainer.Model.PredictNoise(x, t), raw.Network.PredictNoise(x, t)));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_trained_model_loads_in_one_call_with_its_schedule_metadata_and_weights_choice()
    {
        string path = TempFile();
        try
        {
            using (var trainer = TinyUNetTrainer(2))
                trainer.Run(checkpointPath: path);
            using var model = TrainedModel.Load(path, CPU);
            Assert.Equal(Weights.Ema, model.Weights);
            Assert.Equal(2, model.Metadata.Step);
            Assert.Equal(new ScheduleSpec().Create().AlphaBars, model.Schedule.AlphaBars);
            Assert.Equal(new long[] { 1, 28, 28 }, model.SampleShape);
            Assert.Equal(DeviceType.CPU, model.Device.type);
            Assert.False(model.Network.training);
            Assert.Equal(path, model.Path);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_save_that_fails_midway_leaves_the_previous_checkpoint_intact()
    {
        string path = TempFile();
        try
        {
            using var trainer = TinyUNetTrainer(4);
            trainer.Run(checkpointPath: path);
            var good = File.ReadAllBytes(path);
            using var checkpoint = Checkpoint.Read(path);
            // A disposed tensor in the middle of the list makes the writer throw after the header and the first tensors
            // are on disk: a crash mid-save.
            var broken = torch.zeros(3);
            broken.Dispose();
            var tensors = checkpoint.Tensors.Select(kv => (kv.Key, kv.Value)).ToList();
            tensors.Insert(tensors.Count / 2, ("broken", broken));
            Assert.ThrowsAny<Exception>(() => Checkpoint.Save(path, checkpoint.Metadata with { Step = 5 }, tensors));
            Assert.Equal(good, File.ReadAllBytes(path));
            Assert.False(File.Exists(path + ".tmp"));
            using var reread = Checkpoint.Read(path);
            Assert.Equal(4, reread.Metadata.Step);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_truncated_checkpoint_is_reported_not_loaded()
    {
        string path = TempFile();
        try
        {
            using (var trainer = TinyUNetTrainer(1))
                trainer.Run(checkpointPath: path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(path));
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Resumed_run_repeats_the_uninterrupted_loss_curve()
    {
        string path = TempFile();
        try
        {
            using var straight = TinyUNetTrainer(8);
            straight.Run();

            using (var first = TinyUNetTrainer(8))
            {
                first.Config.Validate();
                for (int i = 0; i < 4; i++)
                    first.TrainStep();
                first.Save(path);
            }
            using var resumed = Trainer.Resume(path, Images(32, 1));
            resumed.Run();

            Assert.Equal(8, resumed.Step);
            // Same seed, same generator state, same weights and moments, same single-process CPU kernels: the curves
            // agree to float32 round-off (observed bit-identical); 1e-6 relative allows for kernel re-ordering.
            for (int i = 0; i < 8; i++)
                Assert.True(Math.Abs(straight.LossHistory[i] - resumed.LossHistory[i]) <= 1e-6 * Math.Abs(straight.LossHistory[i]),
                    $"step {i + 1}: {straight.LossHistory[i]} vs {resumed.LossHistory[i]}");
            Assert.Equal(straight.SmoothedLoss, resumed.SmoothedLoss, 6);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Loading_into_a_model_of_another_shape_lists_the_mismatched_keys_and_shapes()
    {
        string path = TempFile();
        try
        {
            using (var trainer = TinyUNetTrainer(1))
                trainer.Save(path);
            using var checkpoint = Checkpoint.Read(path);
            using var wider = new UNet(UNetConfig.Tiny with { BaseChannels = 24 });
            var e = Assert.Throws<ArgumentException>(() => Checkpoint.LoadWeights(wider, checkpoint.Tensors, "ema.", path));
            Assert.Contains("shape mismatch: conv_in.weight is [16, 1, 3, 3] in", e.Message);
            Assert.Contains("[24, 1, 3, 3] in the model", e.Message);
            using var deeper = new UNet(UNetConfig.Tiny with { ChannelMultipliers = [1, 2, 2] });
            var e2 = Assert.Throws<ArgumentException>(() => Checkpoint.LoadWeights(deeper, checkpoint.Tensors, "ema.", path));
            Assert.Contains("missing in", e2.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_non_finite_loss_stops_training_with_the_step_and_keeps_the_last_checkpoint()
    {
        string path = TempFile();
        try
        {
            using (var good = TinyUNetTrainer(2))
                good.Run(checkpointPath: path);
            var before = File.ReadAllBytes(path);
            using var data = Images(32, 1);
            data[0].fill_(float.NaN);
            using var trainer = new Trainer(new UNet(UNetConfig.Tiny), data.expand(32, 1, 28, 28).contiguous() * float.NaN, "nan", new ScheduleSpec(),
                new TrainingConfig(Steps: 5, BatchSize: 4, CheckpointEvery: 1));
            var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run(checkpointPath: path));
            Assert.Equal(1, e.Step);
            Assert.Contains("step 1", e.Message);
            Assert.Equal(before, File.ReadAllBytes(path));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Asking_for_cuda_without_a_gpu_fails_with_the_fix()
    {
        if (torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, Devices.Resolve(DeviceChoice.Cuda).type);
            return;
        }
        var e = Assert.Throws<ArgumentException>(() => Devices.Resolve(DeviceChoice.Cuda));
        Assert.Contains("Use cpu (or auto)", e.Message);
        Assert.Contains("DDIM_LIBTORCH", e.Message);
        Assert.Equal(DeviceType.CPU, Devices.Resolve(DeviceChoice.Auto).type);
    }
}
