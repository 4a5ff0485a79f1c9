using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

public class TrainingPreviewTests
{
    private static Trainer TwoStepTrainer()
    {
        torch.manual_seed(3);
        var data = torch.rand([16, 1, 28, 28], generator: new Generator(1)).mul_(2).sub_(1);
        var trainer = new Trainer(new UNet(UNetConfig.Tiny), data, "random-images", new ScheduleSpec(),
            new TrainingConfig(Steps: 2, BatchSize: 4, LearningRate: 1e-2, EmaDecay: 0.5, Seed: 0, CheckpointEvery: 1000));
        trainer.Run();
        return trainer;
    }

    [Fact]
    public void Preview_decodes_the_fixed_latents_with_eta_zero_through_the_raw_and_the_EMA_weights_and_leaves_the_model_training()
    {
        using var trainer = TwoStepTrainer();
        var xT = randn([2, 1, 28, 28], generator: new Generator(11));
        var preview = new TrainingPreview(trainer, xT, steps: 5);
        var (raw, ema) = preview.Sample();
        Assert.True(trainer.Model.training, "the model is back in train mode after the preview");

        var sampler = new DdimSampler(trainer.Schedule.Create());
        var seq = TimestepSequence.Uniform(1000, 5);
        trainer.Model.eval();
        var rawDirect = sampler.Sample(trainer.Model, xT, seq, SamplerNoise.Deterministic).X0;
        var emaDirect = sampler.Sample(trainer.Ema, xT, seq, SamplerNoise.Deterministic).X0;
        trainer.Model.train();
        Assert.Equal(0, Stats.MaxAbsDiff(raw.to_type(float64), rawDirect.to_type(float64)));
        Assert.Equal(0, Stats.MaxAbsDiff(ema.to_type(float64), emaDirect.to_type(float64)));
        Assert.True(Stats.MaxAbsDiff(raw.to_type(float64), ema.to_type(float64)) > 0, "after two steps with decay 0.5 the EMA weights differ from the raw ones");
    }

    [Fact]
    public void Preview_grid_has_a_labelled_raw_row_above_an_EMA_row_and_one_column_per_latent()
    {
        using var trainer = TwoStepTrainer();
        var png = new TrainingPreview(trainer, randn([3, 1, 28, 28], generator: new Generator(5)), steps: 2, "x_T seed 5").Render(2);
        Assert.Equal(3, png.Grid!.Columns);
        Assert.Equal(2, png.Grid.Rows);
        Assert.Equal(["raw weights", "EMA weights"], png.Grid.RowLabels!);
        Assert.StartsWith("after 2 steps:", png.Caption);
        Assert.EndsWith("S = 2, x_T seed 5", png.Caption);
    }

    [Fact]
    public void Preview_refuses_a_step_count_beyond_T_naming_it()
    {
        using var trainer = TwoStepTrainer();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingPreview(trainer, zeros(1, 1, 28, 28), steps: 1001));
        Assert.Contains("T = 1000", ex.Message);
    }
}
