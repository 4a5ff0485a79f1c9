using System.CommandLine;
using Ddim.Cli.Commands;

namespace Ddim.Cli.Tests;

public class ErrorPathTests
{
    private static (int Code, string Error) Invoke(Func<TextWriter, TextWriter, int> body)
    {
        var command = new RootCommand();
        command.SetAction(parse => CommandErrors.Guard(parse, body));
        var error = new StringWriter();
        int code = command.Parse([]).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });
        return (code, error.ToString());
    }

    [Fact]
    public void An_unexpected_exception_is_reported_as_a_bug_with_its_trace_and_exit_code_70()
    {
        var (code, error) = Invoke((_, _) => throw new NullReferenceException("something was null"));
        Assert.Equal(70, code);
        Assert.StartsWith("error: something was null", error);
        Assert.Contains("This is a bug in ddim", error);
        Assert.Contains("   at ", error);
    }

    [Fact]
    public void A_library_refusal_becomes_one_line_without_the_parameter_suffix_and_exit_code_2()
    {
        var (code, error) = Invoke((_, _) => throw new ArgumentException("eta is -1; it must be >= 0.", "noise"));
        Assert.Equal(2, code);
        Assert.Equal("error: eta is -1; it must be >= 0.", error.Trim());
    }

    [Fact]
    public void An_option_error_keeps_its_option_typed()
    {
        var e = Assert.Throws<OptionException>(() => OptionException.For<int>("--skip", () => throw new ArgumentException("Unknown skip 'x'.", "name")));
        Assert.Equal("--skip", e.Option);
        Assert.Equal("--skip: Unknown skip 'x'.", e.Message);
    }
}
