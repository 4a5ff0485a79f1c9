using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddim.Teaching.Models;

/// <summary>What a checkpoint says about itself; stored as JSON at the head of the file.</summary>
/// <param name="Model">The architecture.</param>
/// <param name="Schedule">The noise schedule used in training.</param>
/// <param name="Dataset">The training data set's name.</param>
/// <param name="Step">Training steps completed.</param>
/// <param name="Training">The run's hyper-parameters (seed included).</param>
/// <param name="AdamSteps">Updates applied by the optimiser.</param>
/// <param name="HasTrainingState">False for an exported file that holds only the averaged (EMA) weights.</param>
/// <param name="LastLoss">Smoothed training loss at <paramref name="Step"/>.</param>
/// <param name="Notes">Free text (how it was made).</param>
public sealed record CheckpointMetadata(
    ModelSpec Model,
    ScheduleSpec Schedule,
    string Dataset,
    long Step,
    TrainingConfig Training,
    long AdamSteps,
    bool HasTrainingState,
    double? LastLoss = null,
    string? Notes = null);

/// <summary>A checkpoint read from disk: metadata plus named tensors (owned; dispose to free them).</summary>
public sealed class Checkpoint(CheckpointMetadata metadata, IReadOnlyDictionary<string, Tensor> tensors) : IDisposable
{
    private static readonly byte[] Magic = "DDIMCKPT"u8.ToArray();
    private static readonly byte[] EndMarker = "DDIMEND."u8.ToArray();
    private const int FormatVersion = 1;

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The metadata.</summary>
    public CheckpointMetadata Metadata { get; } = metadata;

    /// <summary>Named tensors: "model.*", "ema.*", and for full checkpoints the optimiser and random-generator state.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    /// <summary>
    /// Writes a checkpoint atomically: to "path.tmp" first, flushed to disk, then renamed over <paramref name="path"/>.
    /// A failure part-way (exception, crash, power loss) leaves any previous file at <paramref name="path"/> intact; a
    /// "path.tmp" left by a killed writer is replaced by this save (callers that may run twice hold a lock beside the file).
    /// </summary>
    public static void Save(string path, CheckpointMetadata metadata, IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                using (var writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true))
                {
                    writer.Write(Magic);
                    writer.Write(FormatVersion);
                    writer.Write(JsonSerializer.Serialize(metadata, Json));
                    var list = tensors.ToList();
                    writer.Write(list.Count);
                    foreach (var (name, tensor) in list)
                        WriteTensor(writer, name, tensor);
                    writer.Write(EndMarker);
                }
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Reads a checkpoint; a missing, foreign or truncated file fails with a message naming it.</summary>
    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint {path} not found.", path);
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            using var reader = new BinaryReader(file, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).SequenceEqual(Magic))
                throw new InvalidDataException($"{path} is not a ddim checkpoint (wrong magic).");
            int version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"{path} has checkpoint format {version}; this library reads format {FormatVersion}.");
            var metadata = Complete(JsonSerializer.Deserialize<CheckpointMetadata>(reader.ReadString(), Json), path);
            int count = reader.ReadInt32();
            if (count < 0)
                throw new InvalidDataException($"{path}: negative tensor count {count} (corrupt file).");
            for (int i = 0; i < count; i++)
            {
                var (name, tensor) = ReadTensor(reader);
                tensors[name] = tensor;
            }
            if (!reader.ReadBytes(EndMarker.Length).SequenceEqual(EndMarker))
                throw new InvalidDataException($"{path}: end marker missing (file truncated or corrupt).");
            return new Checkpoint(metadata, tensors);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or InvalidDataException)
        {
            foreach (var t in tensors.Values)
                t.Dispose();
            string message = e is not InvalidDataException ? $"{path}: unreadable checkpoint ({e.Message}); the file is truncated or corrupt."
                : e.Message.Contains(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}";
            throw new InvalidDataException(message, e);
        }
    }

    /// <summary>Reads only the metadata at the head of a checkpoint file.</summary>
    public static CheckpointMetadata ReadMetadata(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint {path} not found.", path);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = new BinaryReader(file, Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion)
                throw new InvalidDataException($"{path} is not a ddim checkpoint of format {FormatVersion}.");
            return Complete(JsonSerializer.Deserialize<CheckpointMetadata>(reader.ReadString(), Json), path);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException($"{path}: unreadable checkpoint header ({e.Message}).", e);
        }
    }

    // JSON leaves absent members null: a header without its model, schedule or training settings is corrupt.
    private static CheckpointMetadata Complete(CheckpointMetadata? metadata, string path)
    {
        if (metadata is null)
            throw new InvalidDataException($"{path}: empty metadata (corrupt file).");
        var missing = new[] { (metadata.Model as object, "Model"), (metadata.Schedule, "Schedule"), (metadata.Training, "Training"), (metadata.Dataset, "Dataset") }
            .Where(m => m.Item1 is null).Select(m => m.Item2).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{path}: the checkpoint header lacks {string.Join(", ", missing)} (corrupt or not written by ddim).");
        return metadata;
    }

    /// <summary>
    /// Copies the tensors named <paramref name="prefix"/> + parameter name into <paramref name="module"/>. Missing,
    /// unexpected or differently shaped keys fail with one message listing all of them.
    /// </summary>
    public static void LoadWeights(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, string prefix, string source = "checkpoint")
    {
        var targets = module.state_dict();
        var stored = tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
        var problems = new List<string>();
        foreach (var (name, target) in targets)
        {
            if (!stored.TryGetValue(name, out var value))
                problems.Add($"  missing in {source}: {name} {Shape(target)}");
            else if (!value.shape.SequenceEqual(target.shape))
                problems.Add($"  shape mismatch: {name} is {Shape(value)} in {source}, {Shape(target)} in the model");
        }
        foreach (var name in stored.Keys.Where(k => !targets.ContainsKey(k)))
            problems.Add($"  unexpected in {source}: {name} {Shape(stored[name])}");
        if (problems.Count > 0)
            throw new ArgumentException($"Cannot load {source} ({prefix}*) into {module.GetName()}: {problems.Count} mismatched key(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}{Environment.NewLine}Build the model with the configuration stored in the checkpoint (TrainedModel.Load does).");
        using var noGrad = torch.no_grad();
        foreach (var (name, target) in targets)
            target.copy_(stored[name]);
    }

    /// <summary>Named tensors of a module's state under a prefix, ready for <see cref="Save"/>.</summary>
    public static IEnumerable<(string, Tensor)> Prefixed(nn.Module module, string prefix) =>
        module.state_dict().Select(kv => (prefix + kv.Key, kv.Value));

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    private static void WriteTensor(BinaryWriter writer, string name, Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        writer.Write(name);
        writer.Write((int)cpu.dtype);
        writer.Write(cpu.dim());  // int64 rank, then int64 sizes
        foreach (long d in cpu.shape)
            writer.Write(d);
        var bytes = cpu.bytes;
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
    }

    private static readonly Dictionary<ScalarType, int> ElementSizes = new()
    {
        [ScalarType.Byte] = 1, [ScalarType.Int8] = 1, [ScalarType.Bool] = 1, [ScalarType.Int16] = 2, [ScalarType.Float16] = 2,
        [ScalarType.BFloat16] = 2, [ScalarType.Int32] = 4, [ScalarType.Float32] = 4, [ScalarType.Int64] = 8, [ScalarType.Float64] = 8,
    };

    private static (string, Tensor) ReadTensor(BinaryReader reader)
    {
        string name = reader.ReadString();
        var dtype = (ScalarType)reader.ReadInt32();
        if (!ElementSizes.TryGetValue(dtype, out int elementSize))
            throw new InvalidDataException($"tensor {name}: unknown dtype code {(int)dtype} (corrupt file)");
        long rank = reader.ReadInt64();
        if (rank is < 0 or > 16)
            throw new InvalidDataException($"tensor {name}: implausible rank {rank} (corrupt file)");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = reader.ReadInt64();
            if (shape[i] is < 0 or > int.MaxValue)
                throw new InvalidDataException($"tensor {name}: implausible size {shape[i]} in dimension {i} (corrupt file)");
        }
        long length = reader.ReadInt64();
        long expected = shape.Aggregate(1L, (a, d) => a > int.MaxValue ? a : a * d) * elementSize;
        if (length != expected || length > int.MaxValue)
            throw new InvalidDataException($"tensor {name}: {length} bytes stored for shape [{string.Join(", ", shape)}] of {dtype}, which needs {expected} (corrupt file)");
        var bytes = reader.ReadBytes(checked((int)length));
        if (bytes.Length != length)
            throw new EndOfStreamException($"tensor {name}: {bytes.Length} of {length} bytes present");
        var tensor = torch.empty(shape, dtype: dtype);
        tensor.bytes = bytes;
        return (name, tensor.DetachFromDisposeScope());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var t in Tensors.Values)
            t.Dispose();
    }
}
