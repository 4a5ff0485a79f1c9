using System.Diagnostics;
using Ddim.Teaching.Data;
using Ddim.Teaching.Native;
using TorchSharp;

namespace Ddim.Cli.Tests;

public class DeviceOptionTests
{
    private static readonly string Shipped = Ddim.Teaching.Models.ShippedModels.UNetFashion;

    public static TheoryData<string[]> NetworkCommands() => new()
    {
        new[] { "train", "--dataset", "ring", "--steps", "1" },
        new[] { "sample", "--checkpoint", Shipped, "--n", "1", "--steps", "1" },
        new[] { "encode", "--checkpoint", Shipped, "--n", "1" },
        new[] { "reconstruct", "--checkpoint", Shipped, "--n", "1" },
        new[] { "sweep", "--model", Shipped, "--n", "2" },
        new[] { "train-classifier", "--epochs", "1" },
        new[] { "bench", "model", "--train-steps", "1" },
        new[] { "bench", "pytorch", "--train-steps", "1" },
        new[] { "bench", "metrics" },
    };

    [Theory]
    [MemberData(nameof(NetworkCommands))]
    public void Every_network_command_refuses_cuda_without_a_GPU_in_one_line(string[] args)
    {
        if (torch.cuda.is_available()) return; // the refusal exists only where CUDA does not
        var (code, output, error) = CliRunner.Run([.. args, "--device", "cuda"]);
        Assert.Equal(2, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: --device: cuda was asked for but CUDA is not available", lines[0]);
        Assert.DoesNotContain("   at ", error + output);
    }

    [Theory]
    [MemberData(nameof(NetworkCommands))]
    public void Every_network_command_names_the_device_option_for_an_unknown_device(string[] args)
    {
        var (code, _, error) = CliRunner.Run([.. args, "--device", "tpu"]);
        Assert.Equal(2, code);
        Assert.Contains("error: --device: Unknown device 'tpu'; use cpu, cuda or auto.", error);
    }

    [Fact]
    public void Auto_runs_on_the_CPU_where_there_is_no_GPU()
    {
        string file = Path.Combine(Path.GetTempPath(), $"ddim-auto-{Guid.NewGuid():N}.pt");
        try
        {
            var (code, output, error) = CliRunner.Run("sample", "--checkpoint", Shipped, "--n", "2", "--steps", "2", "--device", "auto", "--out", file);
            Assert.True(code == 0, error);
            using var samples = torch.load(file);
            Assert.Equal(new long[] { 2, 1, 28, 28 }, samples.shape);
            Assert.Equal(torch.cuda.is_available() ? DeviceType.CPU : DeviceType.CPU, samples.device.type); // saved from the CPU either way
            Assert.Equal("", output.Trim());
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Info_names_the_libtorch_its_origin_and_the_device()
    {
        var (code, output) = RunApp(null, "info");
        Assert.Equal(0, code);
        Assert.Contains("libtorch: the libtorch-cpu NuGet package; loaded from ", output);
        Assert.Contains(torch.cuda.is_available() ? "device: cuda:0, " : "device: cpu, ", output);
    }

    [Fact]
    public void DDIM_LIBTORCH_loads_the_libtorch_of_that_folder_in_a_build_without_one()
    {
        string package = NativeDir("libtorch-cpu-linux-x64");
        string app = ExternalBuild();
        var (code, output) = RunApp(app, "info", ("DDIM_LIBTORCH", package));
        Assert.True(code == 0, output);
        Assert.Contains($"libtorch: DDIM_LIBTORCH = {package} (LibTorch 2.10.0); loaded from {package}", output);
        Assert.Contains($"set-up: loaded libtorch from {package} (LibTorch 2.10.0, as DDIM_LIBTORCH asks)", output);
    }

    [Fact]
    public void DDIM_LIBTORCH_pointing_at_no_libtorch_is_one_line_that_names_the_fix()
    {
        var (code, output) = RunApp(null, "info", ("DDIM_LIBTORCH", Path.GetTempPath()));
        Assert.Equal(2, code);
        Assert.Contains("holds no libtorch_cpu.so. Point it at a libtorch 'lib' folder", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void DDIM_LIBTORCH_in_a_build_that_carries_the_package_says_how_to_build_for_it()
    {
        var (code, output) = RunApp(null, "info", ("DDIM_LIBTORCH", NativeDir("libtorch-cpu-linux-x64")));
        Assert.Equal(2, code);
        Assert.Contains("Build with -p:DdimTorchBackend=external", output);
    }

    [Fact]
    public void The_libtorch_folder_is_found_from_the_variable_or_from_python()
    {
        string package = NativeDir("libtorch-cpu-linux-x64");
        Assert.Null(LibTorchChoice.Folder(null));
        Assert.Null(LibTorchChoice.Folder(" "));
        Assert.Equal(package, LibTorchChoice.Folder(package));
        Assert.Equal(package, LibTorchChoice.Folder("python", () => package));
        var none = Assert.Throws<InvalidOperationException>(() => LibTorchChoice.Folder("python", () => null));
        Assert.Contains("found no PyTorch", none.Message);
        Assert.Equal("2.10.0", LibTorchChoice.VersionIn(package));
        Assert.True(LibTorchChoice.MatchesExpected(torch.__version__));
        Assert.True(LibTorchChoice.MatchesExpected("2.10.1+cu128"));
        Assert.False(LibTorchChoice.MatchesExpected("2.11.0+cu130"));
    }

    [Fact]
    public void A_PyTorch_install_states_its_version_beside_torch_lib()
    {
        string torchDir = Path.Combine(Path.GetTempPath(), $"fake-torch-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(torchDir, "lib"));
        try
        {
            File.WriteAllText(Path.Combine(torchDir, "version.py"), "__version__ = '2.11.0+cu130'\ncuda = '13.0'\n");
            Assert.Equal("2.11.0+cu130", LibTorchChoice.VersionIn(Path.Combine(torchDir, "lib")));
        }
        finally { Directory.Delete(torchDir, true); }
    }

    private static string NativeDir(string package)
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(root, package, LibTorchChoice.ExpectedVersion, "runtimes", "linux-x64", "native");
    }

    // The command line as -p:DdimTorchBackend=external builds it: the managed app and LibTorchSharp, no libtorch copies.
    private static string ExternalBuild()
    {
        string app = Path.Combine(Path.GetTempPath(), "ddim-external-build");
        string source = AppContext.BaseDirectory;
        Directory.CreateDirectory(Path.Combine(app, "runtimes", "linux-x64", "native"));
        foreach (var file in Directory.GetFiles(source).Where(f => f.EndsWith(".dll") || f.EndsWith(".json")))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)), true);
        foreach (var lib in new[] { "libLibTorchSharp.so", "libSkiaSharp.so" })
            File.Copy(Path.Combine(source, "runtimes", "linux-x64", "native", lib), Path.Combine(app, "runtimes", "linux-x64", "native", lib), true);
        return app;
    }

    private static (int Code, string Output) RunApp(string? folder, string command, params (string Name, string Value)[] environment)
    {
        string dll = Path.Combine(folder ?? AppContext.BaseDirectory, "ddim.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add(command);
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
