using System.CommandLine;
using Ddim.Teaching.Metrics;

namespace Ddim.Cli.Commands;

internal static class FdCommand
{
    public static Command Create()
    {
        var first = new Argument<FileInfo>("A.csv") { Description = "First feature set: one vector per row, comma-separated." };
        var second = new Argument<FileInfo>("B.csv") { Description = "Second feature set, same dimension." };
        var kid = new Option<bool>("--kid") { Description = "Also print KID (unbiased; the metric to trust when n is small)." };
        var command = new Command("fd", "Frechet distance between the Gaussian fits of the rows of two CSV files.") { first, second, kid };
        command.SetAction(parse => CommandErrors.Guard(parse, (stdout, _) =>
        {
            string pathA = parse.GetValue(first)!.FullName, pathB = parse.GetValue(second)!.FullName;
            using var a = FeatureCsv.Read(pathA);
            using var b = FeatureCsv.Read(pathB);
            string nameA = Path.GetFileName(pathA), nameB = Path.GetFileName(pathB);
            string sizes = $"n_A = {a.shape[0]}, n_B = {b.shape[0]}, d = {a.shape[1]}";
            if (parse.GetValue(kid))
            {
                var k = Kid.Compute(a, b, name1: nameA, name2: nameB);
                Refuse(k.Value, "KID", nameA, nameB, a, b);
                stdout.WriteLine($"KID = {k.Value:G6} +- {k.StandardError:G3} ({sizes}; {k.Subsets} subsets of {k.SubsetSize})");
            }
            double fd = FrechetDistance.Compute(a, b, nameA, nameB);
            Refuse(fd, "FD", nameA, nameB, a, b);
            stdout.WriteLine($"FD = {fd:G6} ({sizes}; feature space: as given in the files)");
            return 0;
        }));
        return command;
    }

    // Finite inputs can still overflow the covariance (values near 1e308): never print a number that is not one.
    private static void Refuse(double value, string what, string nameA, string nameB, TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b)
    {
        if (double.IsFinite(value))
            return;
        using var scope = TorchSharp.torch.NewDisposeScope();
        double largest = Math.Max(a.abs().max().to_type(TorchSharp.torch.ScalarType.Float64).item<double>(), b.abs().max().to_type(TorchSharp.torch.ScalarType.Float64).item<double>());
        throw new InvalidDataException($"{what} of {nameA} and {nameB} is {value}: their values (up to {largest:G3} in magnitude) overflow double precision " +
            "in the covariance. Rescale the features (e.g. divide by their largest value) and run fd again.");
    }
}
