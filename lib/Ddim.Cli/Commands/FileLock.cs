using System.Text;

namespace Ddim.Cli.Commands;

/// <summary>
/// An exclusive lock on an output file, held while a command writes it (two trainings on one checkpoint, two sweeps on
/// one CSV). The lock is a file in the temporary folder named after the output's full path ("ddim-locks/HASH.lock"),
/// opened exclusively: an OS lock, released when the process ends, even by SIGKILL, and never left beside the user's
/// files. Beside it, "HASH.holder" records who holds it, so a refused second run can say so.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private static readonly HashSet<string> HeldHere = [];
    private readonly FileStream stream;
    private readonly string key;

    private FileLock(FileStream stream, string key)
    {
        this.stream = stream;
        this.key = key;
    }

    /// <summary>Takes the lock on <paramref name="path"/> for <paramref name="what"/>, or fails naming the holder and <paramref name="option"/>.</summary>
    public static FileLock Acquire(string option, string path, string what)
    {
        string full = Path.GetFullPath(path);
        string lockPath = LockPath(full);
        lock (HeldHere)
        {
            if (!HeldHere.Add(full))
                throw new OptionException(option, $"{full} is in use by another command in this process; wait for it or write to another file.");
        }
        try
        {
            var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // The locked file cannot be read by others, so the holder's name goes beside it.
            File.WriteAllText(Path.ChangeExtension(lockPath, ".holder"),
                $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC ({what})\n");
            return new FileLock(stream, full);
        }
        catch (IOException e)
        {
            lock (HeldHere) HeldHere.Remove(full);
            throw new OptionException(option, $"{full} is in use: {Holder(lockPath)} holds its lock ({lockPath}). Wait for that run to end, or write to another file.", e);
        }
        catch
        {
            lock (HeldHere) HeldHere.Remove(full);
            throw;
        }
    }

    /// <summary>The lock file for the output <paramref name="fullPath"/> (created with its folder).</summary>
    public static string LockPath(string fullPath)
    {
        string folder = Path.Combine(Path.GetTempPath(), "ddim-locks");
        Directory.CreateDirectory(folder);
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(fullPath));
        return Path.Combine(folder, Convert.ToHexStringLower(hash)[..32] + ".lock");
    }

    private static string Holder(string lockPath)
    {
        try
        {
            string line = File.ReadAllText(Path.ChangeExtension(lockPath, ".holder")).Trim();
            return line.Length > 0 ? line : "another process";
        }
        catch (IOException)
        {
            return "another process";
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        stream.Dispose();
        lock (HeldHere) HeldHere.Remove(key);
    }
}
