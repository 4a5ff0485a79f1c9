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
        command.SetAction(parse =>
        {
            string pathA = parse.GetValue(first)!.FullName, pathB = parse.GetValue(second)!.FullName;
            try
            {
                using var a = FeatureCsv.Read(pathA);
                using var b = FeatureCsv.Read(pathB);
                string nameA = Path.GetFileName(pathA), nameB = Path.GetFileName(pathB);
                string sizes = $"n_A = {a.shape[0]}, n_B = {b.shape[0]}, d = {a.shape[1]}";
                if (parse.GetValue(kid))
                {
                    var k = Kid.Compute(a, b, name1: nameA, name2: nameB);
                    Console.WriteLine($"KID = {k.Value:G6} +- {k.StandardError:G3} ({sizes}; {k.Subsets} subsets of {k.SubsetSize})");
                }
                double fd = FrechetDistance.Compute(a, b, nameA, nameB);
                Console.WriteLine($"FD = {fd:G6} ({sizes}; feature space: as given in the files)");
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"ddim fd: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
