using System.CommandLine;
using Ddim.Teaching.Plotting;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

/// <summary>`ddim encode`: images -> x_T with the deterministic DDIM map run forward (DDIM Sec. 5.4, Eq. (14)).</summary>
internal static class EncodeCommand
{
    public static Command Create()
    {
        var inputs = new InversionInputs();
        var steps = new Option<int>("--steps") { Description = "Steps S of the inversion.", DefaultValueFactory = _ => 50 };
        var output = new Option<string>("--out") { Description = "Tensor file for the latents x_T [N,1,28,28].", DefaultValueFactory = _ => "out/latents.pt" };
        var grid = new Option<string?>("--grid") { Description = "PNG grid of the latents (clipped to [-1, 1] for display)." };
        var command = new Command("encode", "Encode images to latents x_T with DDIM inversion (eta = 0 run forward in t).");
        inputs.AddTo(command);
        command.Options.Add(steps);
        command.Options.Add(output);
        command.Options.Add(grid);
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, _) =>
        {
            string file = OutputFile.Check("--out", parse.GetValue(output));
            string? gridPath = parse.GetValue(grid) is { } g ? OutputFile.Check("--grid", g) : null;
            var (network, sampler, images) = inputs.Load(parse);
            using var scope = NewDisposeScope();
            var sequence = inputs.Sequence(parse, parse.GetValue(steps), sampler.Schedule.T);
            var latents = sampler.Invert(new ProgressPredictor(network, sequence.Length, "encode"), images, sequence).cpu();
            NonFinite.Refuse(latents, "the latents");
            OutputFile.WriteAtomically(file, temporary => latents.save(temporary));
            stdout.WriteLine($"encode: {images.shape[0]} images -> x_T, {sequence}; latent mean {latents.mean().item<float>():F3}, std {latents.std().item<float>():F3} (N(0, I) gives 0, 1); {file}");
            if (gridPath is not null)
                OutputFile.WriteAtomically(gridPath, temporary => ImageGrid.Render(latents, caption: $"x_T from {sequence}").Save(temporary));
            return 0;
        }));
        return command;
    }
}
