using System.Diagnostics;
using Ddim.Teaching.Data;
using Ddim.Teaching.ForwardProcess;
using Ddim.Teaching.Models;
using Ddim.Teaching.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Training;

/// <summary>
/// Trains a noise predictor with L_simple (DDPM Eq. (14); DDIM Eq. (5) with gamma = 1): draw x_0 from the data, t
/// uniformly from 0..T-1 and eps ~ N(0, I); form x_t = sqrt(alpha-bar_t) x_0 + sqrt(1 - alpha-bar_t) eps (DDIM Eq. (4), the
/// course's <see cref="Forward.SampleMarginal(NoiseSchedule, Tensor, Tensor, Tensor)"/>);
/// minimise ||eps - eps_theta(x_t, t)||^2 with Adam, gradient clipping and an EMA of the weights. Every data draw (batch
/// indices, flips, t, eps) comes from one seeded CPU generator (<see cref="Seeded"/>) whose state is checkpointed, so the
/// same seed gives the same batches on any device and a resumed run continues the same sequence (bit-exact on the CPU; on
/// CUDA, dropout draws from the device's global generator, which is seeded but whose state is not checkpointed).
/// </summary>
public sealed class Trainer : IDisposable
{
    private const double LossSmoothing = 0.98;
    private readonly Tensor data;
    private readonly NoiseSchedule noiseSchedule;
    private readonly Generator generator;
    private readonly Adam adam;
    private readonly List<float> lossHistory = [];
    private double smoothed;

    /// <summary>Starts a fresh run of <paramref name="model"/> on <paramref name="data"/> ([N, ...] examples).</summary>
    public Trainer(NoisePredictorNetwork model, Tensor data, string datasetName, ScheduleSpec schedule, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        config.Validate();
        Config = config;
        Schedule = schedule;
        DatasetName = datasetName;
        Device = Devices.Resolve(config.Device);
        Model = model.to(Device);
        Model.train();
        Ema = model.Spec.Create().to(Device);
        Ema.eval();
        WeightAverage.CopyFrom(Ema, Model);
        this.data = data.to(Device).DetachFromDisposeScope();
        noiseSchedule = schedule.Create();
        generator = Seeded.Generator(config.Seed);
        adam = new Adam(Model.parameters());
    }

    /// <summary>
    /// Starts a fresh run of a new network of architecture <paramref name="spec"/>, initialised after seeding torch's
    /// global generator with <see cref="TrainingConfig.Seed"/> (which dropout also draws from), so the seed fixes the run.
    /// </summary>
    public static Trainer Start(ModelSpec spec, Tensor data, string datasetName, ScheduleSpec schedule, TrainingConfig config)
    {
        Seeded.Global(config.Seed);
        return new Trainer(spec.Create(), data, datasetName, schedule, config);
    }

    /// <summary>
    /// Continues the run stored in a full checkpoint; <paramref name="totalSteps"/> may extend it and
    /// <paramref name="learningRate"/> may change the step size from here on (e.g. a lower rate to finish a run).
    /// </summary>
    public static Trainer Resume(string checkpointPath, Tensor data, long? totalSteps = null, DeviceChoice? device = null, double? learningRate = null)
    {
        using var checkpoint = Checkpoint.Read(checkpointPath);
        var meta = checkpoint.Metadata;
        if (!meta.HasTrainingState)
            throw new ArgumentException($"{checkpointPath} holds only exported weights, not a training state; resume from a checkpoint written by the trainer.", nameof(checkpointPath));
        var config = meta.Training with
        {
            Steps = totalSteps ?? meta.Training.Steps,
            Device = device ?? meta.Training.Device,
            LearningRate = learningRate ?? meta.Training.LearningRate,
        };
        var trainer = new Trainer(meta.Model.Create(), data, meta.Dataset, meta.Schedule, config);
        trainer.Restore(checkpoint, checkpointPath);
        return trainer;
    }

    /// <summary>The network being trained (train mode).</summary>
    public NoisePredictorNetwork Model { get; }

    /// <summary>The exponential moving average of <see cref="Model"/>'s weights (eval mode): sample from this one.</summary>
    public NoisePredictorNetwork Ema { get; }

    /// <summary>Hyper-parameters.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The noise schedule.</summary>
    public ScheduleSpec Schedule { get; }

    /// <summary>Name of the training set (stored in checkpoints).</summary>
    public string DatasetName { get; }

    /// <summary>Where the tensors live.</summary>
    public Device Device { get; }

    /// <summary>Steps completed.</summary>
    public long Step { get; private set; }

    /// <summary>The loss of every step completed, from step 1.</summary>
    public IReadOnlyList<float> LossHistory => lossHistory;

    /// <summary>The bias-corrected smoothed loss after the last step.</summary>
    public double SmoothedLoss => Step == 0 ? double.NaN : smoothed / (1 - Math.Pow(LossSmoothing, Step));

    /// <summary>
    /// Runs until <see cref="TrainingConfig.Steps"/> steps are done or <paramref name="cancel"/> fires, reporting every
    /// step to <paramref name="progress"/>. With <paramref name="checkpointPath"/>, saves every
    /// <see cref="TrainingConfig.CheckpointEvery"/> steps and when stopping. A non-finite loss or gradient throws
    /// <see cref="TrainingDivergedException"/> before that step's update and before any further save.
    /// </summary>
    public void Run(Action<TrainingProgress>? progress = null, string? checkpointPath = null, CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        long startStep = Step;
        while (Step < Config.Steps && !cancel.IsCancellationRequested)
        {
            double loss = TrainStep();
            if (progress is not null)
            {
                double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                progress(new TrainingProgress(Step, Config.Steps, loss, SmoothedLoss, (Step - startStep) * Config.BatchSize / seconds, clock.Elapsed));
            }
            if (checkpointPath is not null && Step % Config.CheckpointEvery == 0)
                Save(checkpointPath);
        }
        if (checkpointPath is not null && Step > startStep && Step % Config.CheckpointEvery != 0)
            Save(checkpointPath);
    }

    /// <summary>One optimisation step on a fresh random batch; returns its loss.</summary>
    public double TrainStep()
    {
        long step = Step + 1;
        using var scope = torch.NewDisposeScope();
        var x0 = data.index_select(0, Seeded.Randint(data.shape[0], [Config.BatchSize], generator, Device));
        if (Config.HorizontalFlip)
            x0 = FashionMnist.RandomHorizontalFlip(x0, generator);
        var t = Seeded.Randint(noiseSchedule.T, [Config.BatchSize], generator, Device);
        var eps = Seeded.Randn(x0.shape, generator, Device);
        var xt = Forward.SampleMarginal(noiseSchedule, x0, t, eps);                  // DDIM Eq. (4), the forward process

        adam.ZeroGrad();
        var lossTensor = nn.functional.mse_loss(Model.forward(xt, t), eps);
        double loss = lossTensor.item<float>();
        if (!double.IsFinite(loss))
            throw new TrainingDivergedException(step, $"loss is {loss}");
        lossTensor.backward();
        double norm = nn.utils.clip_grad_norm_(Model.parameters(), Config.GradClip);
        if (!double.IsFinite(norm))
            throw new TrainingDivergedException(step, $"gradient norm is {norm}");
        double warmup = Config.WarmupSteps == 0 ? 1.0 : Math.Min(1.0, step / (double)Config.WarmupSteps);
        adam.Step(Config.LearningRate * warmup);
        WeightAverage.Update(Ema, Model, Config.EmaDecay);

        Step = step;
        lossHistory.Add((float)loss);
        smoothed = LossSmoothing * smoothed + (1 - LossSmoothing) * loss;
        return loss;
    }

    /// <summary>Writes a full checkpoint (weights, EMA, optimiser, generator, loss history) atomically.</summary>
    public void Save(string path, string? notes = null)
    {
        using var scope = torch.NewDisposeScope();
        Checkpoint.Save(path, Metadata(true, notes), StateTensors().ToList());
    }

    /// <summary>
    /// Writes one set of weights, the EMA ("ema.*") or the trained ones ("model.*"), and the loss history: a smaller file
    /// for shipping that cannot be resumed.
    /// </summary>
    public void Export(string path, bool ema = true, string? notes = null)
    {
        using var scope = torch.NewDisposeScope();
        var tensors = ema ? Checkpoint.Prefixed(Ema, "ema.").ToList() : Checkpoint.Prefixed(Model, "model.").ToList();
        tensors.Add(("history.loss", torch.tensor(lossHistory.ToArray())));
        Checkpoint.Save(path, Metadata(false, notes), tensors);
    }

    private CheckpointMetadata Metadata(bool full, string? notes) =>
        new(Model.Spec, Schedule, DatasetName, Step, Config, adam.StepCount, full, Step == 0 ? null : SmoothedLoss, notes);

    // The generator, history and smoothing tensors made here belong to the caller's dispose scope.
    private IEnumerable<(string, Tensor)> StateTensors()
    {
        foreach (var item in Checkpoint.Prefixed(Ema, "ema."))
            yield return item;
        yield return ("history.loss", torch.tensor(lossHistory.ToArray()));
        foreach (var item in Checkpoint.Prefixed(Model, "model."))
            yield return item;
        var names = Model.named_parameters().Select(p => p.name).ToList();
        for (int i = 0; i < names.Count; i++)
        {
            yield return ($"adam.m.{names[i]}", adam.M[i]);
            yield return ($"adam.v.{names[i]}", adam.V[i]);
        }
        yield return ("rng.generator", generator.get_state());
        yield return ("rng.global", torch.random.get_rng_state());
        yield return ("loss.smoothed", torch.tensor(new[] { smoothed }, dtype: ScalarType.Float64));
    }

    private void Restore(Checkpoint checkpoint, string source)
    {
        Checkpoint.LoadWeights(Model, checkpoint.Tensors, "model.", source);
        Checkpoint.LoadWeights(Ema, checkpoint.Tensors, "ema.", source);
        var names = Model.named_parameters().Select(p => p.name).ToList();
        using (torch.no_grad())
        {
            for (int i = 0; i < names.Count; i++)
            {
                adam.M[i].copy_(checkpoint.Tensors[$"adam.m.{names[i]}"]);
                adam.V[i].copy_(checkpoint.Tensors[$"adam.v.{names[i]}"]);
            }
        }
        adam.StepCount = checkpoint.Metadata.AdamSteps;
        generator.set_state(checkpoint.Tensors["rng.generator"]);
        torch.random.set_rng_state(checkpoint.Tensors["rng.global"]);
        lossHistory.AddRange(checkpoint.Tensors["history.loss"].data<float>().ToArray());
        smoothed = checkpoint.Tensors["loss.smoothed"].item<double>();
        Step = checkpoint.Metadata.Step;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        adam.Dispose();
        data.Dispose();
        generator.Dispose();
        Ema.Dispose();
    }
}
