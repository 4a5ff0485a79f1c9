namespace Ddim.Teaching.Tests;

public class CheckTests
{
    [Fact]
    public void Check_reports_to_the_console_writer_current_at_each_call()
    {
        // A notebook kernel swaps Console.Out for every cell: a report must reach the writer in place when the check runs.
        var original = Console.Out;
        try
        {
            Check.Close(1.0, 1.0, 0, "first claim");
            using var later = new StringWriter();
            Console.SetOut(later);
            Check.Close(2.0, 2.0, 0, "second claim");
            Assert.Contains("second claim", later.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public void Check_fails_with_the_claims_name()
    {
        var e = Assert.Throws<ClaimFailedException>(() => Check.Less(2, 1, "two is less than one"));
        Assert.Contains("two is less than one", e.Message);
    }
}
