using System.CommandLine;
using Ddim.Cli.Bench;
using Ddim.Cli.Commands;

namespace Ddim.Cli;

/// <summary>The `ddim` command line, callable in-process (tests pass their own writers).</summary>
public static class Cli
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("ddim: train, sample and measure DDIM models (Song, Meng & Ermon, ICLR 2021). " +
            "Exit codes: 0 done, 2 bad argument, file or data (one error line), 3 training diverged, 4 stopped with the checkpoint saved, 70 a bug in ddim.");
        // One line per command; each command lives in Commands/<Name>Command.cs, the benchmarks under Bench/.
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
        root.Subcommands.Add(PairedCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // A libtorch named by DDIM_LIBTORCH that cannot be loaded was reported in one line when the library loaded.
        if (Teaching.Native.TorchNative.LoadError is not null)
            return Commands.ExitCodes.Fault;
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        var parse = CreateRoot().Parse(args);
        // A parse error (unknown option, a value of the wrong type) is a bad argument like any other: one line each, exit 2.
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var problem in parse.Errors)
                error.WriteLine($"error: {problem.Message}");
            error.WriteLine("Run ddim --help, or ddim COMMAND --help, for the options.");
            return Commands.ExitCodes.Fault;
        }
        return parse.Invoke(configuration);
    }
}
