using System.CommandLine;
using Ddim.Cli.Commands;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ddim.Teaching.Data;
using Ddim.Teaching.Models;
using Ddim.Teaching.Sampling;
using Ddim.Teaching.Training;
using static TorchSharp.torch;

namespace Ddim.Cli.Bench;

/// <summary>
/// `ddim bench pytorch`: the same UNet, training step and DDIM step timed in TorchSharp and in PyTorch (Bench/
/// pytorch_unet.py, run with the system's python3), alternating rounds in one run with the same threads and batch sizes.
/// The PyTorch network loads the checkpoint's weights and must reproduce the TorchSharp output on a reference input
/// before its times are reported. Prints figures; never passes or fails on speed.
/// </summary>
internal static class BenchPytorchCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "UNet checkpoint whose architecture (and weights, for the equality check) is used.", DefaultValueFactory = _ => ShippedModels.UNetFashion };
        var batch = new Option<int>("--batch") { Description = "Training batch size.", DefaultValueFactory = _ => 128 };
        var trainSteps = new Option<int>("--train-steps") { Description = "Timed training steps per round (after 3 warm-up steps).", DefaultValueFactory = _ => 10 };
        var sampleBatch = new Option<int>("--sample-batch") { Description = "Images per DDIM sample.", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "DDIM steps S.", DefaultValueFactory = _ => 50 };
        var threads = new Option<int>("--threads") { Description = "Torch intra-op threads, the same in both frameworks.", DefaultValueFactory = _ => 1 };
        var rounds = new Option<int>("--rounds") { Description = "Alternating TorchSharp/PyTorch rounds; the median per framework is compared.", DefaultValueFactory = _ => 3 };
        var python = new Option<string>("--python") { Description = "Python interpreter with torch and numpy (Debian: apt-get install python3-torch).", DefaultValueFactory = _ => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3" };
        var device = DeviceOption.Create();
        var command = new Command("pytorch", "Time the UNet's training step and DDIM step in TorchSharp and in PyTorch side by side, on the same device.")
        {
            checkpoint, batch, trainSteps, sampleBatch, steps, threads, rounds, python, device,
        };
        command.SetAction(parse => CommandErrors.Guard(parse, (output, _) =>
        {
            var choice = DeviceOption.Choice(parse, device);
            var where = DeviceOption.Resolve(choice);
            string path = parse.GetValue(checkpoint)!;
            using var trained = TrainedModel.Load(path);
            var metadata = trained.Metadata;
            if (metadata.Model.Kind != ModelKind.UNet)
                throw new OptionException("--checkpoint", "bench pytorch compares image networks (UNet).");
            int b = parse.GetValue(batch), n = parse.GetValue(trainSteps), sb = parse.GetValue(sampleBatch), s = parse.GetValue(steps);
            int threadCount = parse.GetValue(threads), roundCount = parse.GetValue(rounds);
            OptionParsing.AtLeastOne(b, "--batch");
            OptionParsing.AtLeastOne(n, "--train-steps");
            OptionParsing.AtLeastOne(sb, "--sample-batch");
            OptionParsing.Sequence(SkipKind.Uniform, metadata.Schedule.T, s);
            OptionParsing.AtLeastOne(threadCount, "--threads");
            TrainLimits.Threads(threadCount, "--threads");
            OptionParsing.AtLeastOne(roundCount, "--rounds");
            string script = Path.Combine(AppContext.BaseDirectory, "Bench", "pytorch_unet.py");
            if (!File.Exists(script))
                throw new OptionException("--python", $"{script} is missing from the build output.");
            string interpreter = parse.GetValue(python)!;
            string version = ProbePyTorch(interpreter);
            set_num_threads(threadCount);

            output.WriteLine($"bench pytorch: {metadata.Model.UNet}, device {where} in both (PyTorch Adam {(where.type == TorchSharp.DeviceType.CUDA ? "fused=True" : "default")}), {threadCount} thread(s) in both, training batch {b}, {n} steps per round, sampling {sb} images at S = {s}, {roundCount} rounds");
            output.WriteLine($"TorchSharp {typeof(TorchSharp.torch).Assembly.GetName().Version} on LibTorch {__version__}; PyTorch {version} ({interpreter})");

            string reference = Path.Combine(Path.GetTempPath(), $"ddim-bench-reference-{Environment.ProcessId}.ckpt");
            try
            {
                WriteReference(trained, reference);
                using var set = FashionMnist.Load(Split.Train);
                var csharp = new List<(double Train, double Sample)>();
                var pytorch = new List<(double Train, double Sample)>();
                for (int round = 1; round <= roundCount; round++)
                {
                    using (var trainer = Trainer.Start(metadata.Model, set.Images, "fashion-mnist", metadata.Schedule, new TrainingConfig(Steps: n + 3, BatchSize: b, Seed: round, Device: choice)))
                    {
                        double train = UNetTimings.TrainMsPerStep(trainer, n);
                        trainer.Ema.eval();
                        var (seconds, length) = UNetTimings.Sample(trainer.Ema, metadata.Schedule, metadata.Model.UNet!, sb, s, where);
                        csharp.Add((train, seconds * 1000 / length));
                    }
                    output.WriteLine($"round {round} TorchSharp: {csharp[^1].Train:F0} ms per training step, {csharp[^1].Sample:F0} ms per DDIM step");

                    var result = RunPython(interpreter, script, path, reference, threadCount, b, n, sb, s, where.type == TorchSharp.DeviceType.CUDA ? "cuda" : "cpu");
                    double diff = result.GetProperty("max_abs_diff").GetDouble();
                    if (!(diff < 1e-4))
                        throw new InvalidOperationException($"the PyTorch network does not reproduce the TorchSharp output (max |difference| {diff:G3}); its times would not describe the same model.");
                    pytorch.Add((result.GetProperty("train_ms_per_step").GetDouble(), result.GetProperty("sample_ms_per_step").GetDouble()));
                    output.WriteLine($"round {round} PyTorch:    {pytorch[^1].Train:F0} ms per training step, {pytorch[^1].Sample:F0} ms per DDIM step " +
                        $"(same weights reproduce the TorchSharp output to {diff:G2}; {result.GetProperty("parameters").GetInt64():N0} parameters)");
                }
                double ct = BenchStats.Median(csharp.Select(r => r.Train)), pt = BenchStats.Median(pytorch.Select(r => r.Train));
                double cs = BenchStats.Median(csharp.Select(r => r.Sample)), ps = BenchStats.Median(pytorch.Select(r => r.Sample));
                output.WriteLine($"median training step: TorchSharp {ct:F0} ms, PyTorch {pt:F0} ms, ratio TorchSharp/PyTorch {ct / pt:F2}");
                output.WriteLine($"median DDIM step:     TorchSharp {cs:F0} ms, PyTorch {ps:F0} ms, ratio TorchSharp/PyTorch {cs / ps:F2}");
                output.WriteLine("(target: ratio <= 1.10; the two use different LibTorch versions, see the line above)");
            }
            finally
            {
                File.Delete(reference);
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Writes x, t and the checkpoint network's eps(x, t) in eval mode, for the PyTorch side to reproduce.</summary>
    private static void WriteReference(TrainedModel trained, string file)
    {
        using var scope = NewDisposeScope();
        var (model, metadata) = (trained.Network, trained.Metadata);
        using var g = Ddim.Teaching.Seeded.Generator(7);
        var config = metadata.Model.UNet!;
        var x = Ddim.Teaching.Seeded.Randn([4, config.ImageChannels, config.ImageSize, config.ImageSize], g);
        var t = tensor(new long[] { 0, 333, 666, metadata.Schedule.T - 1 });
        Tensor eps;
        using (no_grad())
            eps = model.forward(x, t);
        Checkpoint.Save(file, metadata, [("x", x), ("t", t), ("eps", eps)]);
    }

    private static string ProbePyTorch(string interpreter)
    {
        var (code, stdout, stderr) = Run(interpreter, ["-c", "import torch, numpy; print(torch.__version__)"], TimeSpan.FromMinutes(2));
        if (code != 0)
            throw new OptionException("--python", $"'{interpreter} -c \"import torch, numpy\"' failed ({Last(stderr)}). Install PyTorch for that interpreter; on Debian/Ubuntu: apt-get install python3-torch.");
        return stdout.Trim();
    }

    private static JsonElement RunPython(string interpreter, string script, string checkpointPath, string reference, int threads, int batch, int trainSteps, int sampleBatch, int steps, string device)
    {
        string[] arguments =
        [
            script, "--checkpoint", checkpointPath, "--reference", reference, "--data", DataPaths.FashionMnist,
            "--threads", Invariant(threads), "--batch", Invariant(batch), "--train-steps", Invariant(trainSteps),
            "--sample-batch", Invariant(sampleBatch), "--steps", Invariant(steps), "--device", device,
        ];
        var (code, stdout, stderr) = Run(interpreter, arguments, TimeSpan.FromMinutes(30));
        if (code != 0)
            throw new InvalidOperationException($"{Path.GetFileName(script)} failed with exit code {code}: {Last(stderr)}");
        return JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> arguments, TimeSpan limit)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new OptionException("--python", $"could not start {file}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new OptionException("--python", $"could not start {file} ({e.Message}).");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} did not finish within {limit.TotalMinutes:F0} minutes.");
            }
            return (process.ExitCode, stdout.Result, stderr.Result);
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Last(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no error output" : lines[^1];
    }
}
