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

    [Fact]
    public void A_false_claim_fails_with_its_name_and_numbers_and_a_true_one_prints_them()
    {
        var log = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(log);
        try
        {
            Check.Close(1.0, 1.0 + 1e-13, 1e-12, "one equals one");
            Assert.Contains("ok  one equals one: 1 vs 1", log.ToString());
            var e = Assert.Throws<ClaimFailedException>(() => Check.Close(1.0, 1.1, 1e-3, "one is close to 1.1"));
            Assert.Contains("Claim failed: one is close to 1.1", e.Message);
            Assert.Contains("tolerance 0.001", e.Message);
            Assert.Throws<ClaimFailedException>(() => Check.Close(double.NaN, 0, 1, "NaN is never close"));
            var list = Assert.Throws<ClaimFailedException>(() => Check.Close([1.0, 2.0, 3.0], [1.0, 2.5, 3.0], 0.1, "lists agree"));
            Assert.Contains("at index 1", list.Message);
            Assert.Throws<ClaimFailedException>(() => Check.That(false, "never", "evidence"));
        }
        finally { Console.SetOut(previous); }
    }
}
