namespace Ddim.Cli.Tests;

/// <summary>Runs the <c>ddim</c> command line in-process with captured output, for the command tests.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Ddim.Cli.Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
