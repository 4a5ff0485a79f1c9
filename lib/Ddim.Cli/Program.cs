using System.CommandLine;
using Ddim.Cli.Commands;

Ddim.Teaching.Setup.TorchNative.Ensure();

var root = new RootCommand("ddim: train, sample and measure DDIM models (Song, Meng & Ermon, ICLR 2021).");
// One line per command; each command lives in Commands/<Name>Command.cs.
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(FdCommand.Create());
root.Subcommands.Add(TrainClassifierCommand.Create());
return root.Parse(args).Invoke();
