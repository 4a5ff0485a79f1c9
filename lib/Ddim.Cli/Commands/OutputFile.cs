namespace Ddim.Cli.Commands;

/// <summary>
/// Output files of the commands: checked before any work starts (so a bad path fails in a second, not after hours of
/// training), and written atomically (to a temporary file beside the target, flushed, then renamed over it), so that
/// Ctrl+C, a crash or a full disk leaves the previous file whole and never a truncated one.
/// </summary>
internal static class OutputFile
{
    /// <summary>
    /// Refuses, as an error of <paramref name="option"/>, a path that cannot take a file: empty, a directory, inside
    /// /proc, /sys or /dev, or in a directory that cannot be created or written. Creates the directory; returns the full path.
    /// </summary>
    public static string Check(string option, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new OptionException(option, "the path is empty; give a file name.");
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new OptionException(option, $"'{path}' is not a usable path ({CommandErrors.Plain(e)}).", e);
        }
        if (Directory.Exists(full) || path.EndsWith('/'))
            throw new OptionException(option, $"{full} is a directory; give a file name inside it.");
        foreach (string system in new[] { "/proc/", "/sys/", "/dev/" })
            if (full.StartsWith(system, StringComparison.Ordinal))
                throw new OptionException(option, $"{full} is in {system}, which holds no regular files; write somewhere else.");
        string directory = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, $".ddim-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OptionException(option, $"cannot write in {directory} ({e.Message}); choose a writable directory.", e);
        }
        return full;
    }

    /// <summary>
    /// Writes <paramref name="path"/> atomically: <paramref name="write"/> fills a temporary file in the same directory,
    /// which is flushed to disk and renamed over <paramref name="path"/>. On any failure the temporary file is removed and
    /// the previous <paramref name="path"/>, if any, is untouched. Temporary files of killed earlier writers are removed first.
    /// </summary>
    public static void WriteAtomically(string path, Action<string> write)
    {
        string full = Path.GetFullPath(path);
        string temporary = $"{full}.{Environment.ProcessId}.tmp";
        RemoveStale(full);
        try
        {
            write(temporary);
            using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
                stream.Flush(flushToDisk: true);
            File.Move(temporary, full, overwrite: true);
        }
        catch (IOException e)
        {
            throw new FileFault(full, $"could not be written ({e.Message}); {(File.Exists(full) ? "the previous file is unchanged" : "no file was left")}. " +
                "Free some space or write somewhere else.", e);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    // "name.PID.tmp" files whose process no longer runs were left by a killed writer (SIGKILL cannot clean up).
    private static void RemoveStale(string full)
    {
        string directory = Path.GetDirectoryName(full)!, name = Path.GetFileName(full);
        foreach (string file in Directory.EnumerateFiles(directory, name + ".*.tmp"))
        {
            string middle = Path.GetFileName(file)[(name.Length + 1)..^4];
            if (int.TryParse(middle, out int pid) && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
                File.Delete(file);
        }
    }

    /// <summary>Whether <paramref name="path"/> is the same file as <paramref name="other"/> (after resolving relative paths).</summary>
    public static bool Same(string path, string other) =>
        string.Equals(Path.GetFullPath(path), Path.GetFullPath(other), StringComparison.Ordinal);
}
