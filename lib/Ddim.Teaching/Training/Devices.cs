using Ddim.Teaching.Models;
using Ddim.Teaching.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Training;

/// <summary>Turns a <see cref="DeviceChoice"/> into a torch device.</summary>
public static class Devices
{
    /// <summary>
    /// CPU, CUDA, or CUDA-if-available. Asking for CUDA on a machine (or a build) without it fails with the fix.
    /// </summary>
    public static Device Resolve(DeviceChoice choice) => choice switch
    {
        DeviceChoice.Cpu => torch.CPU,
        DeviceChoice.Auto => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        DeviceChoice.Cuda when torch.cuda.is_available() => torch.CUDA,
        DeviceChoice.Cuda => throw new ArgumentException(
            "cuda was asked for but CUDA is not available: there is no GPU, or the libtorch loaded is the CPU one " +
            $"({TorchNative.LibTorchSource}). Use cpu (or auto), or on a GPU machine point DDIM_LIBTORCH at a CUDA libtorch (README, GPU).", nameof(choice)),
        _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, "unknown device choice"),
    };

    /// <summary>Parses cpu, cuda or auto (case-insensitive).</summary>
    public static DeviceChoice Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cpu" => DeviceChoice.Cpu,
        "cuda" or "gpu" => DeviceChoice.Cuda,
        "auto" => DeviceChoice.Auto,
        _ => throw new ArgumentException($"Unknown device '{name}'; use cpu, cuda or auto.", nameof(name)),
    };
}
