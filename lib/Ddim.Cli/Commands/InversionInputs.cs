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
        var device = DeviceOption.Resolve(parse, Device);
        var trained = TrainedModel.Load(parse.GetValue(Checkpoint)!, device);
        if (trained.Metadata.Model.Kind != ModelKind.UNet)
            throw new OptionException("--checkpoint", "encode and reconstruct need an image network (UNet).");
        int n = parse.GetValue(N), offset = parse.GetValue(Offset);
        OptionParsing.AtLeastOne(n, "--n");
        string source = parse.GetValue(Images)!;
        Tensor images;
        if (source == "test")
        {
            using var set = FashionMnist.Load(Split.Test);
            if (offset < 0 || offset + n > set.Count)
                throw new OptionException("--offset", $"images {offset}..{offset + n - 1} do not exist; the test split has {set.Count}.");
            images = set.Images[offset..(offset + n)].clone();
        }
        else
        {
            using var all = load(source);
            images = all[..Math.Min(n, (int)all.shape[0])].to(float32).clone();
        }
        return (trained.Network, new DdimSampler(trained.Schedule), images.to(device));
    }

    public TimestepSequence Sequence(ParseResult parse, int steps, int T)
    {
        OptionParsing.CheckSteps(steps, T);
        return TimestepSequence.Create(OptionParsing.Skip(parse.GetValue(Skip)!), T, steps, DuplicatePolicy.Remove);
    }
}
