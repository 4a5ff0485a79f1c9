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
    private const int LossBufferSize = 64;
    private readonly Generator generator;
    private readonly FlatParameters modelFlat, emaFlat;
    private readonly Adam adam;
    private readonly List<float> lossHistory = [];
    // Read back at synchronisation points only: the losses of the steps since, whether every step so far was finite, and
    // the first step that was not.
    private readonly Tensor pendingLosses, healthy, firstBadStep, deviceStep;
    private int pending;
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
        modelFlat = new FlatParameters(Model.parameters());
        emaFlat = new FlatParameters(Ema.parameters());
        this.data = data.to(Device).DetachFromDisposeScope();
        noiseSchedule = schedule.Create();
        generator = Seeded.Generator(config.Seed);
        adam = new Adam(modelFlat);
        pendingLosses = torch.zeros(LossBufferSize, device: Device).DetachFromDisposeScope();
        healthy = torch.ones(1, dtype: ScalarType.Bool, device: Device).DetachFromDisposeScope();
        firstBadStep = torch.zeros(1, dtype: ScalarType.Int64, device: Device).DetachFromDisposeScope();
        deviceStep = torch.zeros(1, dtype: ScalarType.Int64, device: Device).DetachFromDisposeScope();
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

    /// <summary>The loss of every step completed, from step 1 (reading it synchronises, see <see cref="Synchronise"/>).</summary>
    public IReadOnlyList<float> LossHistory
    {
        get
        {
            Synchronise();
            return lossHistory;
        }
    }

    /// <summary>The bias-corrected smoothed loss after the last step (reading it synchronises).</summary>
    public double SmoothedLoss
    {
        get
        {
            Synchronise();
            return Step == 0 ? double.NaN : smoothed / (1 - Math.Pow(LossSmoothing, Step));
        }
    }

    /// <summary>
    /// Runs until <see cref="TrainingConfig.Steps"/> steps are done or <paramref name="cancel"/> fires, reporting to
    /// <paramref name="progress"/> every <paramref name="reportEvery"/> steps (default: every step on the CPU, every 25 on a
    /// GPU, where reading the loss back would stall the queue of kernels). With <paramref name="checkpointPath"/>, saves
    /// every <see cref="TrainingConfig.CheckpointEvery"/> steps and when stopping. A non-finite loss or gradient throws
    /// <see cref="TrainingDivergedException"/> at the next report or save; from that step on no update was applied.
    /// </summary>
    public void Run(Action<TrainingProgress>? progress = null, string? checkpointPath = null, CancellationToken cancel = default, int? reportEvery = null)
    {
        int every = reportEvery ?? (Device.type == DeviceType.CUDA ? 25 : 1);
        if (every < 1) throw new ArgumentException($"reportEvery is {every}; it must be at least 1.", nameof(reportEvery));
        var clock = Stopwatch.StartNew();
        long startStep = Step;
        while (Step < Config.Steps && !cancel.IsCancellationRequested)
        {
            TrainStep();
            if (Step % every == 0 || Step == Config.Steps)
            {
                Synchronise();
                double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                progress?.Invoke(new TrainingProgress(Step, Config.Steps, lossHistory[^1], SmoothedLoss, (Step - startStep) * Config.BatchSize / seconds, clock.Elapsed));
            }
            if (checkpointPath is not null && Step % Config.CheckpointEvery == 0)
                Save(checkpointPath);
        }
        if (checkpointPath is not null && Step > startStep && Step % Config.CheckpointEvery != 0)
            Save(checkpointPath);
    }

    /// <summary>
    /// One optimisation step on a fresh random batch, queued without reading anything back from the device: the loss joins
    /// <see cref="LossHistory"/> at the next <see cref="Synchronise"/>. Loss, gradient norm, clipping, Adam and EMA run as
    /// a few kernels over flat buffers (<see cref="FlatParameters"/>); a non-finite loss or gradient norm turns this and
    /// every later update into a no-op on the device, and <see cref="Synchronise"/> reports it.
    /// </summary>
    public void TrainStep()
    {
        if (pending == LossBufferSize)
            Synchronise();
        long step = Step + 1;
        using var scope = torch.NewDisposeScope();
        var x0 = data.index_select(0, Seeded.Randint(data.shape[0], [Config.BatchSize], generator, Device));
        if (Config.HorizontalFlip)
            x0 = FashionMnist.RandomHorizontalFlip(x0, generator);
        var t = Seeded.Randint(noiseSchedule.T, [Config.BatchSize], generator, Device);
        var eps = Seeded.Randn(x0.shape, generator, Device);
        var xt = Forward.SampleMarginal(noiseSchedule, x0, t, eps);                  // DDIM Eq. (4), the forward process

        adam.ZeroGrad();
        var loss = nn.functional.mse_loss(Model.forward(xt, t), eps);
        loss.backward();
        using (torch.no_grad())
        {
            var gradients = modelFlat.Gradients;
            var norm = gradients.norm();
            var finite = loss.isfinite().logical_and(norm.isfinite()).reshape(1);
            deviceStep.fill_(step);
            firstBadStep.copy_(torch.where(healthy.logical_and(finite.logical_not()), deviceStep, firstBadStep));
            healthy.logical_and_(finite);
            gradients.mul_((Config.GradClip / (norm + 1e-6)).clamp_max(1.0));     // clip to norm GradClip, as clip_grad_norm_
            double warmup = Config.WarmupSteps == 0 ? 1.0 : Math.Min(1.0, step / (double)Config.WarmupSteps);
            adam.Step(Config.LearningRate * warmup, healthy);
            WeightAverage.Update(emaFlat.Values, modelFlat.Values, torch.where(healthy, 1 - Config.EmaDecay, 0.0).to(emaFlat.Values.dtype));
            pendingLosses[pending].copy_(loss.detach());
        }
        pending++;
        Step = step;
    }

    /// <summary>
    /// Reads the losses of the steps queued since the last call into <see cref="LossHistory"/> (one copy from the device)
    /// and throws <see cref="TrainingDivergedException"/> if a step's loss or gradient norm was not finite; the weights are
    /// then those before that step.
    /// </summary>
    public void Synchronise()
    {
        if (pending == 0)
            return;
        float[] losses;
        using (var head = pendingLosses.narrow(0, 0, pending).cpu())
            losses = head.data<float>().ToArray();
        long first = healthy.item<bool>() ? 0 : firstBadStep.item<long>();
        long firstStep = Step - pending + 1;
        pending = 0;
        for (int i = 0; i < losses.Length && (first == 0 || firstStep + i < first); i++)
        {
            lossHistory.Add(losses[i]);
            smoothed = LossSmoothing * smoothed + (1 - LossSmoothing) * losses[i];
        }
        if (first != 0)
        {
            float bad = losses[first - firstStep];
            Step = first - 1;
            adam.StepCount = first - 1;
            throw new TrainingDivergedException(first, float.IsFinite(bad) ? "gradient norm is not finite" : $"loss is {bad}");
        }
    }

    /// <summary>Writes a full checkpoint (weights, EMA, optimiser, generator, loss history) atomically.</summary>
    public void Save(string path, string? notes = null)
    {
        Synchronise();
        using var scope = torch.NewDisposeScope();
        Checkpoint.Save(path, Metadata(true, notes), StateTensors().ToList());
    }

    /// <summary>
    /// Writes one set of weights, the EMA ("ema.*") or the trained ones ("model.*"), and the loss history: a smaller file
    /// for shipping that cannot be resumed.
    /// </summary>
    public void Export(string path, bool ema = true, string? notes = null)
    {
        Synchronise();
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
        modelFlat.Dispose();
        emaFlat.Dispose();
        pendingLosses.Dispose();
        healthy.Dispose();
        firstBadStep.Dispose();
        deviceStep.Dispose();
        data.Dispose();
        generator.Dispose();
        Ema.Dispose();
    }
}
