using Plotly.NET;
using static TorchSharp.torch;

namespace Ddim.Teaching.Plotting;

/// <summary>Charts that watch a training run: the loss curve (redrawn live in notebooks) and 2-D point clouds.</summary>
public static class TrainingPlots
{
    /// <summary>
    /// The loss history in at most <paramref name="maxPoints"/> points: consecutive steps are averaged in buckets of equal
    /// size (the last may be shorter), each drawn at its last step. A long run then redraws as fast as a short one.
    /// </summary>
    public static (double[] Steps, double[] Loss) Buckets(IReadOnlyList<float> history, int maxPoints = 400)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (maxPoints < 1)
            throw new ArgumentException($"maxPoints is {maxPoints}; it must be at least 1.", nameof(maxPoints));
        int bucket = Math.Max(1, (history.Count + maxPoints - 1) / maxPoints);
        var steps = new List<double>();
        var loss = new List<double>();
        for (int start = 0; start < history.Count; start += bucket)
        {
            int end = Math.Min(history.Count, start + bucket);
            double sum = 0;
            for (int i = start; i < end; i++)
                sum += history[i];
            steps.Add(end);
            loss.Add(sum / (end - start));
        }
        return (steps.ToArray(), loss.ToArray());
    }

    /// <summary>
    /// L_simple against the training step (log y): the bucketed loss, its running average (bias-corrected, rate 0.9 per
    /// bucket) and, when given, a horizontal <paramref name="floor"/> such as the loss of the exact optimal predictor.
    /// </summary>
    public static GenericChart LossCurve(IReadOnlyList<float> history, string title, double? floor = null, int maxPoints = 400)
    {
        var (steps, loss) = Buckets(history, maxPoints);
        var smooth = new double[loss.Length];
        double sum = 0, weight = 0;
        for (int i = 0; i < loss.Length; i++)
        {
            sum = 0.9 * sum + 0.1 * loss[i];
            weight = 0.9 * weight + 0.1;
            smooth[i] = sum / weight;
        }
        bool averaged = history.Count > maxPoints;
        var series = new List<Series>
        {
            new(averaged ? $"loss, mean of {(int)Math.Ceiling(history.Count / (double)maxPoints)} steps" : "loss per step", steps, loss),
            new("running average", steps, smooth),
        };
        if (floor is { } f)
            series.Add(new Series("exact predictor's loss (floor)", [1, Math.Max(2, history.Count)], [f, f]));
        return Plots.Lines(title, "training step", "L_simple (eps-MSE)", series, logY: true);
    }

    /// <summary>A named cloud of 2-D points from a tensor [N, 2] (any float type, any device).</summary>
    public static Series Points(string name, Tensor points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.dim() != 2 || points.shape[1] != 2)
            throw new ArgumentException($"points must have shape [N, 2]; got [{string.Join(", ", points.shape)}].", nameof(points));
        using var scope = NewDisposeScope();
        var xy = points.detach().cpu().to_type(ScalarType.Float64);
        return new Series(name, xy[.., 0].data<double>().ToArray(), xy[.., 1].data<double>().ToArray());
    }
}
