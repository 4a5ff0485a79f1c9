using System.Globalization;
using Ddim.Teaching.Models;

namespace Ddim.Teaching.Plotting;

/// <summary>The record a checkpoint carries of its own training (architecture, schedule, data, settings, end state) as a table.</summary>
public static class CheckpointTable
{
    /// <summary>One row per part of the record, enough to repeat the run with <c>ddim train</c>.</summary>
    public static HtmlTable Of(TrainedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var m = model.Metadata;
        var c = m.Training;
        string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        string architecture = m.Model.UNet is { } u
            ? I($"UNet, base channels {u.BaseChannels} x ({string.Join(", ", u.Multipliers)}), {u.ResBlocksPerLevel} residual block(s) per level, attention at the lowest resolution {u.AttentionAtLowest}, dropout {u.Dropout}")
            : I($"{m.Model.Kind}");
        var rows = new List<object?[]>
        {
            new object?[] { "file", model.Path },
            new object?[] { "model", I($"{architecture}; {model.Network.ParameterCount:N0} parameters") },
            new object?[] { "schedule", I($"{m.Schedule.Kind}, T = {m.Schedule.T}, betas {m.Schedule.BetaStart} .. {m.Schedule.BetaEnd}") },
            new object?[] { "data", I($"{m.Dataset}, random horizontal flips {c.HorizontalFlip}") },
            new object?[] { "training", I($"{m.Step} steps of batch {c.BatchSize}, Adam lr {c.LearningRate} (warm-up {c.WarmupSteps} steps), gradient clip {c.GradClip}, EMA decay {c.EmaDecay}, seed {c.Seed}, device {c.Device}") },
            new object?[] { "stored", I($"{(model.Weights == Weights.Ema ? "EMA weights" : "raw (trained) weights")}{(m.HasTrainingState ? " and the full training state" : " only")}; smoothed loss at the end {m.LastLoss:F4}") },
        };
        if (!string.IsNullOrWhiteSpace(m.Notes)) rows.Add(["notes", m.Notes]);
        return HtmlTable.Of(["record", "value"], rows, "What the checkpoint says about its own training");
    }
}
