using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Metrics;

/// <summary>
/// Bootstrap replicates of one cell's FID and KID against a fixed reference, on resamples of its n samples that are the
/// same for every cell (<see cref="Fid"/>[b] and <see cref="Kid"/>[b] use resample b). <see cref="Kid"/> omits the
/// reference's own kernel term, a constant shared by all cells: only differences of it mean anything.
/// </summary>
public sealed record CellReplicates(string Label, double FidPoint, double KidPoint, double[] Fid, double[] Kid);

/// <summary>
/// A paired difference "cell A minus cell B" (negative: A is closer to the reference): the point difference, its bootstrap
/// standard error, the 95% normal interval and the two-sided normal p-value, for FID and for KID.
/// </summary>
public sealed record PairedDifference(string A, string B, double FidA, double FidB, double Fid, double FidSe, double KidDiff, double KidSe)
{
    /// <summary>95% interval on the FID difference: Fid +- 1.96 FidSe.</summary>
    public (double Lower, double Upper) FidInterval => (Fid - 1.959964 * FidSe, Fid + 1.959964 * FidSe);

    /// <summary>95% interval on the KID difference.</summary>
    public (double Lower, double Upper) KidInterval => (KidDiff - 1.959964 * KidSe, KidDiff + 1.959964 * KidSe);

    /// <summary>Two-sided p-value of "no FID difference", from z = Fid / FidSe (1 for a cell against itself).</summary>
    public double FidP => P(Fid, FidSe);

    /// <summary>Two-sided p-value of "no KID difference".</summary>
    public double KidP => P(KidDiff, KidSe);

    private static double P(double difference, double se) =>
        se > 0 ? StandardNormal.TwoSidedP(difference / se) : difference == 0 ? 1.0 : 0.0;
}

/// <summary>
/// The paired bootstrap over samples for a sweep whose cells share x_T (and step noise): sample i of every cell starts
/// from the same noise, so resampling the indices i once and applying the same resample to every cell keeps the pairing,
/// and the spread of the difference FID(A) - FID(B) over resamples measures how much it owes to which n samples were drawn.
/// The reference features (the test set) stay fixed: the verdicts are about these samplers against this test set.
/// A resample with counts w_i gives mean sum w_i x_i / n and covariance sum w_i (x_i - mean)(x_i - mean)^T / (n - 1),
/// the FID fit of the resampled rows; its KID uses the pairs of distinct original samples, weighted w_i w_j.
/// </summary>
public sealed class PairedBootstrap : IDisposable
{
    private readonly Tensor reference, referenceMean, referenceRoot, counts;
    private readonly double referenceTrace;

    /// <summary>
    /// Fixes the reference features [m, d] and draws <paramref name="replicates"/> resamples of <paramref name="samples"/>
    /// indices from <paramref name="seed"/>.
    /// </summary>
    public PairedBootstrap(Tensor referenceFeatures, int samples, int replicates = 1000, long seed = 0)
    {
        FeatureChecks.Validate(referenceFeatures, "reference features", minRows: 2);
        if (replicates < 20) throw new ArgumentException($"replicates is {replicates}; use at least 20 for a standard error (1,000 is usual).", nameof(replicates));
        if (samples < 4) throw new ArgumentException($"samples is {samples}; a bootstrap over fewer than 4 samples says nothing.", nameof(samples));
        Samples = samples;
        Replicates = replicates;
        using var scope = torch.NewDisposeScope();
        var fit = FrechetDistance.Fit(referenceFeatures, "reference features");
        reference = referenceFeatures.to_type(ScalarType.Float64).DetachFromDisposeScope();
        referenceMean = fit.Mean.DetachFromDisposeScope();
        referenceRoot = FrechetDistance.SymmetricSquareRoot(fit.Covariance).DetachFromDisposeScope();
        referenceTrace = fit.Covariance.trace().item<double>();
        using var generator = new Generator((ulong)seed);
        var index = torch.randint(0, samples, [replicates, samples], generator: generator);
        var w = torch.zeros([replicates, samples], ScalarType.Float64);
        w.scatter_add_(1, index, torch.ones([replicates, samples], ScalarType.Float64));
        counts = w.DetachFromDisposeScope();
    }

    /// <summary>Samples per cell n (every cell must have exactly this many, in the same order).</summary>
    public int Samples { get; }

    /// <summary>Number of bootstrap resamples B.</summary>
    public int Replicates { get; }

    /// <summary>The sample indices of resample <paramref name="replicate"/> (sorted; an index appears as often as it was drawn).</summary>
    public long[] Resample(int replicate)
    {
        if (replicate < 0 || replicate >= Replicates) throw new ArgumentOutOfRangeException(nameof(replicate), $"replicate is {replicate}; it must lie in 0..{Replicates - 1}.");
        using var row = counts[replicate];
        var w = row.data<double>().ToArray();
        return Enumerable.Range(0, Samples).SelectMany(i => Enumerable.Repeat((long)i, (int)w[i])).ToArray();
    }

    /// <summary>FID and KID of one cell's features [n, d] for every resample, and at the full sample.</summary>
    public CellReplicates Evaluate(string label, Tensor features)
    {
        FeatureChecks.Validate(features, label, minRows: 2);
        FeatureChecks.SameDimension(features, reference, label, "reference features");
        if (features.shape[0] != Samples)
            throw new ArgumentException($"{label} has {features.shape[0]} samples; this bootstrap pairs cells of n = {Samples}. " +
                "Every cell of a paired comparison needs the same samples.", nameof(features));
        using var scope = torch.NewDisposeScope();
        var x = features.to_type(ScalarType.Float64);
        var fid = new double[Replicates];
        const int chunk = 50;
        for (int start = 0; start < Replicates; start += chunk)
        {
            using var step = torch.NewDisposeScope();
            int size = Math.Min(chunk, Replicates - start);
            FidOfWeights(x, counts.narrow(0, start, size)).data<double>().ToArray().CopyTo(fid, start);
        }
        // KID up to the reference's own term: mean k over distinct pairs of samples minus twice the mean k to the reference.
        var within = Kid.PolynomialKernel(x, x) * (1 - torch.eye(Samples, dtype: ScalarType.Float64));
        var across = KernelRowMeans(x);
        var wKw = (counts.matmul(within) * counts).sum(1);
        var pairs = Samples * (double)Samples - counts.square().sum(1);
        var kid = (wKw / pairs - 2 * counts.matmul(across) / Samples).data<double>().ToArray();
        double kidPoint = (within.sum() / (Samples * (Samples - 1.0)) - 2 * across.mean()).item<double>();
        double fidPoint = FidOfWeights(x, torch.ones([1, Samples], ScalarType.Float64)).item<double>();
        return new CellReplicates(label, fidPoint, kidPoint, fid, kid);
    }

    /// <summary>The paired difference A minus B from two cells evaluated by this bootstrap.</summary>
    public static PairedDifference Compare(CellReplicates a, CellReplicates b)
    {
        if (a.Fid.Length != b.Fid.Length)
            throw new ArgumentException($"{a.Label} has {a.Fid.Length} replicates and {b.Label} {b.Fid.Length}; compare cells of one bootstrap.", nameof(b));
        var fid = a.Fid.Zip(b.Fid, (p, q) => p - q).ToArray();
        var kid = a.Kid.Zip(b.Kid, (p, q) => p - q).ToArray();
        return new PairedDifference(a.Label, b.Label, a.FidPoint, b.FidPoint, a.FidPoint - b.FidPoint, StandardDeviation(fid),
            a.KidPoint - b.KidPoint, StandardDeviation(kid));
    }

    // FID of the weighted fits for a batch of weight rows [b, n]; the reference's square root is precomputed, so the
    // trace term is sum sqrt(eig(R S_b R)) for each resample covariance S_b.
    private Tensor FidOfWeights(Tensor x, Tensor w)
    {
        using var scope = torch.NewDisposeScope();
        double n = Samples;
        var mean = w.matmul(x) / n;                                              // [b, d]
        var centred = x.unsqueeze(0) - mean.unsqueeze(1);                        // [b, n, d]
        var weighted = centred * w.unsqueeze(2).sqrt();
        var covariance = weighted.transpose(1, 2).matmul(weighted) / (n - 1);    // [b, d, d]
        var middle = referenceRoot.matmul(covariance).matmul(referenceRoot);
        middle = (middle + middle.transpose(1, 2)) / 2;
        var traceSqrt = torch.linalg.eigvalsh(middle).clamp_min(0).sqrt().sum(1);
        var gap = mean - referenceMean;
        var trace = covariance.diagonal(0, 1, 2).sum(1);
        return (gap.square().sum(1) + trace + referenceTrace - 2 * traceSqrt).clamp_min(0).MoveToOuterDisposeScope();
    }

    // Mean kernel value from each sample to the reference rows, in chunks (the full matrix is n x m).
    private Tensor KernelRowMeans(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        long m = reference.shape[0];
        var sum = torch.zeros([x.shape[0]], ScalarType.Float64);
        for (long start = 0; start < m; start += 2000)
            sum += Kid.PolynomialKernel(x, reference.narrow(0, start, Math.Min(2000, m - start))).sum(1);
        return (sum / m).MoveToOuterDisposeScope();
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        reference.Dispose(); referenceMean.Dispose(); referenceRoot.Dispose(); counts.Dispose();
    }
}
