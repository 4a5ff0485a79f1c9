using System.CommandLine;
using Ddim.Cli.Commands;

namespace Ddim.Cli;

/// <summary>The `ddim` command line, callable in-process (tests pass their own writers).</summary>
public static class Cli
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("ddim: train, sample and measure DDIM models (Song, Meng & Ermon, ICLR 2021).");
        // One line per command; each command lives in Commands/<Name>Command.cs.
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(ExactFdCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EncodeCommand.Create());
        root.Subcommands.Add(ReconstructCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(FdCommand.Create());
        root.Subcommands.Add(TrainClassifierCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(BenchMetricsCommand.Create());
        root.Subcommands.Add(PairedCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return CreateRoot().Parse(args).Invoke(configuration);
    }
}
