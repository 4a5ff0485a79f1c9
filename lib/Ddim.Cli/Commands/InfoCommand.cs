using System.CommandLine;
using TorchSharp;

namespace Ddim.Cli.Commands;

internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print TorchSharp, LibTorch and .NET versions, device and thread count.");
        command.SetAction(parse => CommandErrors.Guard(parse, (output, _) =>
        {
            output.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version}, LibTorch {torch.__version__}, .NET {Environment.Version}");
            output.WriteLine($"CUDA available: {torch.cuda.is_available()}, threads: {torch.get_num_threads()}");
            return 0;
        }));
        return command;
    }
}
