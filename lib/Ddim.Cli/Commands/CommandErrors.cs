using System.CommandLine;

namespace Ddim.Cli.Commands;

/// <summary>Turns bad input into one clear line on the error writer and exit code 2.</summary>
internal static class CommandErrors
{
    public const int BadArguments = 2;

    /// <summary>Runs <paramref name="body"/>; an <see cref="OptionException"/> or <see cref="ArgumentException"/> becomes "error: ...".</summary>
    public static int Guard(ParseResult parse, Func<TextWriter, TextWriter, int> body)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return body(output, error);
        }
        catch (OptionException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BadArguments;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message.Split(" (Parameter")[0]}");
            return BadArguments;
        }
    }
}

/// <summary>A bad value for a named option; the message starts with the option's name.</summary>
internal sealed class OptionException(string option, string message) : Exception($"{option}: {message}");
