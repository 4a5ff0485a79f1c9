using System.Diagnostics;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Schedules;
using Ddim.Teaching.Solvers;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Experiments;

/// <summary>
/// The grid of an FID-versus-S sweep: requested steps S x noise (eta or sigma-hat) x spacing, <see cref="Samples"/>
/// samples per cell. <see cref="MaxEvaluationsPerCell"/>, when set, caps samples x steps per cell (so S = 1000 cells use
/// fewer samples; the CSV records the n actually used). Every cell starts from the same x_T (sample i always from the
/// same noise) and, for eta &gt; 0, draws its step noise from the same seeds, so cells differ only by the sampler.
/// Seeds are per batch, so keep <see cref="BatchSize"/> fixed when comparing or resuming runs.
/// </summary>
public sealed record SweepConfig(
    IReadOnlyList<int> Steps,
    IReadOnlyList<SamplerNoise> Noises,
    IReadOnlyList<SkipKind> Spacings,
    int Samples,
    int BatchSize = 250,
    long Seed = 0,
    long? MaxEvaluationsPerCell = null,
    string World = "fashion-mnist",
    int KidSubsets = 100)
{
    /// <summary>Samples used for a cell with <paramref name="steps"/> requested steps.</summary>
    public int SamplesFor(int steps) =>
        MaxEvaluationsPerCell is { } budget ? (int)Math.Min(Samples, budget / Math.Max(1, steps)) : Samples;

    /// <summary>Cells in the order they are run: spacing, then S ascending, then noise.</summary>
    public IEnumerable<(SkipKind Spacing, int Steps, SamplerNoise Noise)> Cells() =>
        from spacing in Spacings from s in Steps.Order() from noise in Noises select (spacing, s, noise);
}

/// <summary>Progress inside a cell: which cell, samples done of the cell's total.</summary>
public readonly record struct SweepProgress(int Cell, int Cells, string Label, int Done, int Total);

/// <summary>
/// Runs an FID/KID sweep: for every cell, sample with <see cref="DdimSampler"/>, embed the samples with a feature
/// function, and compare them with fixed reference features (FID and KID). Each finished cell is appended to the CSV at
/// once; cells already in the CSV (same world, S, eta, spacing, n and feature space) are skipped, so an interrupted sweep
/// resumes where it stopped. Sigma-hat cells clip x0_hat to [-1, 1], as the authors' <c>ddpm_noisy</c> does. With a
/// <paramref name="solver"/> other than DDIM every cell integrates the probability-flow ODE with it (eta must be 0), and
/// the row's model calls are that solver's evaluations per sample. x_T and the step noise are drawn on the CPU and moved
/// to <c>device</c> (the model's; default the CPU), so a cell gives the same samples on every device up to floating-point
/// differences.
/// </summary>
public sealed class FidSweep(INoisePredictor model, NoiseSchedule schedule, long[] sampleShape, Func<Tensor, Tensor> features,
    Tensor referenceFeatures, string featureSpace, SolverKind solver = SolverKind.Ddim, Device? device = null)
{
    /// <summary>
    /// Runs the cells of <paramref name="config"/> missing from <paramref name="csvPath"/>; returns the rows of this config.
    /// With <paramref name="store"/>, each cell's per-sample features are kept there too (written before the CSV row), for
    /// paired comparisons between cells; a cell already in the CSV but without its features is an error.
    /// </summary>
    public IReadOnlyList<SweepRow> Run(SweepConfig config, string csvPath, Action<SweepProgress>? progress = null, FeatureStore? store = null)
    {
        Validate(config);
        var existing = File.Exists(csvPath) ? SweepTable.Read(csvPath) : [];
        var cells = config.Cells().ToList();
        var rows = new List<SweepRow>();
        for (int i = 0; i < cells.Count; i++)
        {
            var (spacing, steps, noise) = cells[i];
            int n = config.SamplesFor(steps);
            string spacingName = spacing.ToString().ToLowerInvariant();
            var done = existing.FirstOrDefault(r => r.World == config.World && r.Steps == steps && r.Eta == noise
                                                    && r.Spacing == spacingName && r.N == n && r.Features == featureSpace);
            if (done is not null)
            {
                if (store is not null && !store.Contains(spacingName, steps, noise))
                    throw new InvalidOperationException(
                        $"The cell S = {steps}, eta = {noise}, {spacingName} is in '{csvPath}' but its features are not in '{store.Folder}'. " +
                        "Write the sweep with features to a new CSV, or remove that row to measure the cell again.");
                rows.Add(done);
                continue;
            }
            string label = $"S={steps} eta={noise} {spacingName} n={n}";
            var row = RunCell(config, spacing, steps, noise, n, p => progress?.Invoke(new SweepProgress(i + 1, cells.Count, label, p, n)), store);
            SweepTable.Append(csvPath, row);
            rows.Add(row);
        }
        return rows;
    }

    private void Validate(SweepConfig config)
    {
        if (config.Steps.Count == 0 || config.Noises.Count == 0 || config.Spacings.Count == 0)
            throw new ArgumentException("The sweep needs at least one S, one eta and one spacing.", nameof(config));
        if (solver != SolverKind.Ddim && config.Noises.Any(v => v != SamplerNoise.Deterministic))
            throw new ArgumentException($"The {SolverKinds.Name(solver)} solver is deterministic (eta = 0); got eta {string.Join(", ", config.Noises)}.", nameof(config));
        if (config.BatchSize < 1) throw new ArgumentException($"BatchSize must be positive; got {config.BatchSize}.", nameof(config));
        long d = referenceFeatures.shape[1];
        foreach (int s in config.Steps)
        {
            if (s < 1 || s > schedule.T) throw new ArgumentException($"S = {s} is outside 1..T = {schedule.T}.", nameof(config));
            int n = config.SamplesFor(s);
            if (n <= d)
                throw new ArgumentException(
                    $"The cell S = {s} would use n = {n} samples, not more than the feature dimension d = {d}: FID needs n > d. " +
                    "Raise the number of samples or the per-cell budget, or use KID alone.", nameof(config));
        }
    }

    private SweepRow RunCell(SweepConfig config, SkipKind spacing, int steps, SamplerNoise noise, int n, Action<int> progress, FeatureStore? store)
    {
        var sequence = TimestepSequence.Create(spacing, schedule, steps, DuplicatePolicy.Remove);
        var sampler = new DdimSampler(schedule);
        bool clip = noise.Kind == NoiseKind.SigmaHat;
        using var scope = torch.NewDisposeScope();
        var parts = new List<Tensor>();
        var clock = new Stopwatch();
        for (int start = 0, batch = 0; start < n; start += config.BatchSize, batch++)
        {
            int size = Math.Min(config.BatchSize, n - start);
            // One generator per batch index: sample i gets the same x_T and step noise in every cell.
            using var generator = Seeded.Generator(config.Seed * 1_000_003 + batch);
            var xT = Seeded.Randn([size, .. sampleShape], generator, device);
            clock.Start();
            var x0 = solver == SolverKind.Ddim
                ? sampler.Sample(model, xT, sequence, noise, generator, clip).X0
                : SolverKinds.Create(solver, schedule).Solve(model, xT, sequence);
            clock.Stop();
            parts.Add(features(x0));
            progress(start + size);
        }
        var generated = torch.cat(parts, 0);
        store?.Write(spacing.ToString().ToLowerInvariant(), steps, noise, generated);
        double fid = FrechetDistance.Compute(generated, referenceFeatures, "generated features", "reference features");
        var kid = Kid.Compute(generated, referenceFeatures, config.KidSubsets, seed: config.Seed, name1: "generated features", name2: "reference features");
        return new SweepRow(config.World, steps, noise, spacing.ToString().ToLowerInvariant(), n, fid, kid.Value, kid.StandardError,
            clock.Elapsed.TotalSeconds, SolverKinds.Evaluations(solver, sequence.Length), featureSpace);
    }
}
