using System.CommandLine;
using Ddim.Teaching.Native;
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
            output.WriteLine($"libtorch: {TorchNative.LibTorchSource}; loaded from {TorchNative.LoadedLibTorchFolder() ?? "(unknown)"}");
            if (torch.cuda.is_available())
            {
                var gpu = CudaDriver.Describe();
                output.WriteLine($"device: cuda:0, {gpu?.Name ?? "(name unknown)"}, {(gpu is { } g ? $"{g.TotalBytes / (1024.0 * 1024 * 1024):F1} GiB" : "memory unknown")}; {torch.cuda.device_count()} CUDA device(s)");
            }
            else
            {
                output.WriteLine($"device: cpu, {Environment.ProcessorCount} cores");
            }
            return 0;
        }));
        return command;
    }
}
