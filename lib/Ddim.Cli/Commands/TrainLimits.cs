using System.CommandLine;
using System.Globalization;
using Ddim.Teaching.Data;
using Ddim.Teaching.Models;
using Ddim.Teaching.Training;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

/// <summary>
/// The bounds `ddim train` checks before it loads data or trains, each refusal naming its option, the value, the bound
/// and the fix (a NaN learning rate, a zero log interval, a batch that cannot fit are found in a second, not hours later).
/// </summary>
internal static class TrainLimits
{
    /// <summary>The largest 2-D training set (10 million points, 80 MB).</summary>
    public const int MaxPoints = 10_000_000;

    /// <summary>The checked values that the command uses directly.</summary>
    public sealed record Checked(int Batch, int Threads);

    public static Checked Check(ParseResult parse, Option<long> steps, Option<int> batch, Option<double> lr, Option<double> clip, Option<double> ema,
        Option<int> warmup, Option<long> every, Option<int> logEvery, Option<int> points, Option<int> threads, CheckpointMetadata? resumed)
    {
        long s = parse.GetValue(steps);
        if (s < 1)
            throw new OptionException("--steps", $"steps is {s}; it must be at least 1.");
        if (resumed is not null && s <= resumed.Step)
            throw new OptionException("--steps", $"the checkpoint is already at step {resumed.Step}; a resumed run continues to --steps, so give more than {resumed.Step}.");
        double rate = parse.GetValue(lr);
        if (!(rate > 0 && rate <= 1))
            throw new OptionException("--lr", $"lr is {Text(rate)}; Adam's step size must be a finite number in (0, 1] (the course uses 2e-4).");
        double g = parse.GetValue(clip);
        if (!(g > 0) || !double.IsFinite(g))
            throw new OptionException("--grad-clip", $"grad-clip is {Text(g)}; it must be a finite number > 0 (the course uses 1).");
        double decay = parse.GetValue(ema);
        if (!(decay >= 0 && decay < 1))
            throw new OptionException("--ema", $"ema is {Text(decay)}; the EMA decay must lie in [0, 1) (the course uses 0.999).");
        if (parse.GetValue(warmup) < 0)
            throw new OptionException("--warmup", $"warmup is {parse.GetValue(warmup)}; it must be 0 or more steps.");
        if (parse.GetValue(every) < 1)
            throw new OptionException("--checkpoint-every", $"checkpoint-every is {parse.GetValue(every)}; it must be at least 1 step.");
        OptionParsing.AtLeastOne(parse.GetValue(logEvery), "--log-every");
        int n = parse.GetValue(points);
        if (n < 1 || n > MaxPoints)
            throw new OptionException("--points", $"points is {n}; a 2-D training set has 1 to {MaxPoints:N0} points.");
        int b = parse.GetValue(batch);
        OptionParsing.AtLeastOne(b, "--batch");
        return new Checked(b, Threads(parse.GetValue(threads), "--threads"));
    }

    /// <summary>Refuses a thread count below 0 or above the machine's cores (more threads than cores only contend).</summary>
    public static int Threads(int count, string option)
    {
        if (count < 0 || count > Environment.ProcessorCount)
            throw new OptionException(option, $"threads is {count}; give 0 (LibTorch's default) up to the {Environment.ProcessorCount} cores of this machine.");
        return count;
    }

    /// <summary>
    /// Training memory per image of a UNet, from peak RSS of `ddim train --model unet-small` at batch 8 and 64 (1 thread):
    /// 578 MB and 1081 MB, about 9 MB per image; scaled by channels, blocks per level and pixels for other sizes.
    /// </summary>
    public const double UNetSmallBytesPerImage = 9e6;

    /// <summary>
    /// Sampling memory per image (no gradients), from peak RSS of `ddim sample` with the shipped 16-channel UNet at
    /// n = 8 and 128: 212 MB and 460 MB, about 2.1 MB per image; scaled like <see cref="UNetSmallBytesPerImage"/>.
    /// </summary>
    public static double SamplingBytesPerImage(UNetConfig unet) =>
        2.1e6 * unet.BaseChannels / 16.0 * unet.ResBlocksPerLevel * unet.ImageSize * unet.ImageSize / (28.0 * 28.0);

    /// <summary>
    /// Refuses a batch larger than the training set (a resumed run keeps its stored batch size), or one whose training
    /// step would need more than half the machine's memory.
    /// </summary>
    public static void CheckBatch(int batch, Tensor data, bool resumed, ModelSpec model)
    {
        if (!resumed && batch > data.shape[0])
            throw new OptionException("--batch", $"batch is {batch}, more than the {data.shape[0]} training examples; give at most {data.shape[0]}.");
        if (model.UNet is { } unet)
        {
            double perImage = UNetSmallBytesPerImage * unet.BaseChannels / 32.0 * unet.ResBlocksPerLevel * unet.ImageSize * unet.ImageSize / (28.0 * 28.0);
            OptionParsing.Fits("--batch", batch * perImage, $"training steps of {batch} images (about {perImage / 1e6:F0} MB each for this UNet)");
        }
    }

    /// <summary>Refuses a data set name that is neither Fashion-MNIST nor a 2-D set.</summary>
    public static void CheckDataset(string name)
    {
        if (name != "fashion-mnist" && !Toy2d.Names.Contains(name))
            throw new OptionException("--dataset", $"unknown data set '{name}'; use fashion-mnist, {string.Join(", ", Toy2d.Names)}.");
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
