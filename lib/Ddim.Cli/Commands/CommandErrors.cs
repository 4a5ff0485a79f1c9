using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using Ddim.Teaching.Data;

namespace Ddim.Cli.Commands;

/// <summary>The exit codes of every command.</summary>
internal static class ExitCodes
{
    /// <summary>Finished.</summary>
    public const int Ok = 0;

    /// <summary>An expected fault (argument, file, data, I/O): one line names the option or file and the fix.</summary>
    public const int Fault = 2;

    /// <summary>Training diverged (a non-finite loss or gradient); the last good checkpoint is untouched.</summary>
    public const int Diverged = 3;

    /// <summary>Stopped on request (Ctrl+C or SIGTERM) with the checkpoint saved; resume to continue.</summary>
    public const int Stopped = 4;

    /// <summary>A bug in ddim (an unexpected exception): the trace is printed.</summary>
    public const int Bug = 70;
}

/// <summary>
/// The one error path of the command line: expected faults end with one line "error: ..." naming the option or file,
/// exit code <see cref="ExitCodes.Fault"/>; anything else is a bug and prints its trace, exit code <see cref="ExitCodes.Bug"/>.
/// </summary>
internal static class CommandErrors
{
    /// <summary>Runs <paramref name="body"/> with the command's output and error writers.</summary>
    public static int Guard(ParseResult parse, Func<TextWriter, TextWriter, int> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (Exception e) when (Expected(e))
        {
            output.Flush();
            error.WriteLine($"error: {OneLine(e)}");
            return ExitCodes.Fault;
        }
        catch (Exception e)
        {
            output.Flush();
            error.WriteLine($"error: {e.Message}");
            error.WriteLine("This is a bug in ddim, not in your input: please report it with the command line and this trace.");
            error.WriteLine(e);
            return ExitCodes.Bug;
        }
    }

    /// <summary>
    /// Faults of input and environment: a bad option, a missing, unreadable or corrupt file, a full disk, a refused
    /// library argument (its message names the value and bound), a LibTorch refusal of the data it was given.
    /// </summary>
    internal static bool Expected(Exception e) => e is OptionException or FileFault or IOException or UnauthorizedAccessException
        or InvalidDataException or DataFileException or JsonException or ArgumentException or ExternalException;

    /// <summary>The message as one line: an option's name first, a file's path where the exception knows it.</summary>
    internal static string OneLine(Exception e)
    {
        string text = Plain(e);
        if (e is FileNotFoundException { FileName: { } file })
        {
            if (!text.Contains(file, StringComparison.Ordinal))
                text = $"{file}: {text}";
            if (!Path.IsPathRooted(file))
                text += $" (a relative path is read from the current directory, {Environment.CurrentDirectory}; give the full path or run from the repository root)";
        }
        if (e is ExternalException)
            text = $"LibTorch refused the input: {text}";
        return string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>The message of <paramref name="e"/> without the " (Parameter 'name')" that an <see cref="ArgumentException"/> appends.</summary>
    internal static string Plain(Exception e)
    {
        if (e is ArgumentException { ParamName: { } name } argument)
        {
            string suffix = $" (Parameter '{name}')";
            string message = argument.Message;
            int at = message.IndexOf(suffix, StringComparison.Ordinal);
            return at >= 0 ? message.Remove(at, suffix.Length) : message;
        }
        return e.Message;
    }
}

/// <summary>A bad value for a named option; the message starts with the option's name.</summary>
internal sealed class OptionException(string option, string message, Exception? inner = null) : Exception($"{option}: {message}", inner)
{
    /// <summary>The option, e.g. "--eta".</summary>
    public string Option { get; } = option;

    /// <summary>Runs <paramref name="parse"/>; a refusal by the library (<see cref="ArgumentException"/>) becomes this option's error.</summary>
    public static T For<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            throw new OptionException(option, CommandErrors.Plain(e), e);
        }
    }
}

/// <summary>A file that cannot be used as given; the message starts with its path and says what to do.</summary>
internal sealed class FileFault(string path, string message, Exception? inner = null) : Exception($"{path}: {message}", inner)
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;
}
