using System.CommandLine;
using Ddim.Teaching.Data;
using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

/// <summary>Options shared by `encode` and `reconstruct`: the network, the images and the step count.</summary>
internal sealed class InversionInputs
{
    public readonly Option<string> Checkpoint = new("--checkpoint") { Description = "A trained image network (ddim train).", Required = true };
    public readonly Option<string> Images = new("--images") { Description = "'test' (Fashion-MNIST test split) or a tensor file [N,1,28,28] in [-1,1] (e.g. from ddim sample --out).", DefaultValueFactory = _ => "test" };
    public readonly Option<int> N = new("--n") { Description = "Number of images.", DefaultValueFactory = _ => 64 };
    public readonly Option<int> Offset = new("--offset") { Description = "Index of the first test image.", DefaultValueFactory = _ => 0 };
    public readonly Option<string> Skip = new("--skip") { Description = "uniform, quad or linear.", DefaultValueFactory = _ => "uniform" };
    public readonly Option<string> Device = DeviceOption.Create();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Checkpoint, Images, N, Offset, Skip, Device })
            command.Options.Add(option);
    }

    /// <summary>Loads the network (EMA weights, eval mode) with its schedule, and the images, both on the chosen device.</summary>
    public (NoisePredictorNetwork Network, DdimSampler Sampler, Tensor Images) Load(ParseResult parse)
    {
        int n = parse.GetValue(N), offset = parse.GetValue(Offset);
        OptionParsing.AtLeastOne(n, "--n");
        if (offset < 0)
            throw new OptionException("--offset", $"offset is {offset}; the first image index must be 0 or more.");
        string source = parse.GetValue(Images)!;
        if (source != "test" && !File.Exists(source))
            throw new OptionException("--images", $"{Path.GetFullPath(source)} does not exist; give 'test' or a tensor file written by ddim sample --out.");
        var device = DeviceOption.Resolve(parse, Device);
        var trained = TrainedModel.Load(parse.GetValue(Checkpoint)!, device);
        if (trained.Metadata.Model.Kind != ModelKind.UNet)
            throw new OptionException("--checkpoint", "encode and reconstruct need an image network (UNet).");
        var network = trained.Network;
        Tensor images;
        if (source == "test")
        {
            using var set = FashionMnist.Load(Split.Test);
            if ((long)offset + n > set.Count)
                throw new OptionException("--offset", $"images {offset}..{(long)offset + n - 1} do not exist; the test split has {set.Count} (0..{set.Count - 1}).");
            images = set.Images[offset..(offset + n)].clone();
        }
        else
        {
            using var all = load(source);
            var shape = network.Spec.UNet!;
            if (all.dim() != 4 || all.shape[1] != shape.ImageChannels || all.shape[2] != shape.ImageSize || all.shape[3] != shape.ImageSize)
                throw new OptionException("--images", $"{source} holds a tensor of shape [{string.Join(", ", all.shape)}]; this network needs [N, {shape.ImageChannels}, {shape.ImageSize}, {shape.ImageSize}].");
            if (offset >= all.shape[0])
                throw new OptionException("--offset", $"offset is {offset}; {source} holds {all.shape[0]} images.");
            images = all[offset..(int)Math.Min((long)offset + n, all.shape[0])].to(float32).clone();
        }
        return (trained.Network, new DdimSampler(trained.Schedule), images.to(device));
    }

    public TimestepSequence Sequence(ParseResult parse, int steps, int T)
    {
        return OptionParsing.Sequence(OptionParsing.Skip(parse.GetValue(Skip)!), T, steps);
    }
}
