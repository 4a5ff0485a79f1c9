using System.CommandLine;
using System.Globalization;
using Ddim.Teaching.Data;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Plotting;
using static TorchSharp.torch;

namespace Ddim.Cli.Commands;

/// <summary>
/// `ddim reconstruct`: encode to x_T and decode with eta = 0 over the same sequence; prints the per-dimension MSE with
/// pixels in [0, 1], the units of the paper's Table 2.
/// </summary>
internal static class ReconstructCommand
{
    public static Command Create()
    {
        var inputs = new InversionInputs();
        var steps = new Option<string>("--steps") { Description = "Comma-separated S values, e.g. 10,20,50,100.", DefaultValueFactory = _ => "10,20,50" };
        var grid = new Option<FileInfo?>("--grid") { Description = "PNG: originals in the first row, then one row of reconstructions per S (up to 10 images)." };
        var command = new Command("reconstruct", "Encode images to x_T and decode them again (eta = 0); per-dimension MSE in [0,1] units per S (DDIM Table 2).");
        inputs.AddTo(command);
        command.Options.Add(steps);
        command.Options.Add(grid);
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, _) =>
        {
            var (network, sampler, images) = inputs.Load(parse);
            using var scope = NewDisposeScope();
            var counts = OptionParsing.StepCounts(parse.GetValue(steps)!, sampler.Schedule.T);
            var sequences = counts.Select(s => inputs.Sequence(parse, s, sampler.Schedule.T)).ToArray();
            string? gridPath = parse.GetValue(grid) is { } g ? OutputFile.Check("--grid", g.FullName) : null;
            var rows = new List<Tensor> { images[..Math.Min(10, (int)images.shape[0])] };
            stdout.WriteLine("S,mse_per_dim_01,n");
            foreach (var (s, sequence) in counts.Zip(sequences))
            {
                var result = sampler.Reconstruct(new ProgressPredictor(network, 2L * sequence.Length, $"reconstruct S={s}"), images, sequence);
                // Reconstructions are clipped to the pixel range before comparing, as an image would be stored.
                double mse = ReconstructionError.PerDimensionMse(images, result.Reconstruction);
                stdout.WriteLine($"{s},{mse.ToString("G4", CultureInfo.InvariantCulture)},{images.shape[0]}");
                rows.Add(result.Reconstruction[..Math.Min(10, (int)images.shape[0])]);
            }
            if (gridPath is not null)
                OutputFile.WriteAtomically(gridPath, temporary =>
                    ImageGrid.Render(cat(rows, 0).cpu(), columns: (int)rows[0].shape[0], caption: $"originals, then S = {string.Join(", ", counts)}").Save(temporary));
            return 0;
        }));
        return command;
    }
}
