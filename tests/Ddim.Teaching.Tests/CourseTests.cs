namespace Ddim.Teaching.Tests;

public class CourseTests
{
    [Theory]
    [InlineData(null, CourseProfile.Quick)]
    [InlineData("", CourseProfile.Quick)]
    [InlineData("quick", CourseProfile.Quick)]
    [InlineData(" FULL ", CourseProfile.Full)]
    public void Profile_names_map_to_profiles_and_quick_is_the_default(string? name, CourseProfile expected) =>
        Assert.Equal(expected, Course.ParseProfile(name));

    [Fact]
    public void An_unknown_profile_name_is_refused_with_the_valid_names()
    {
        var e = Assert.Throws<ArgumentException>(() => Course.ParseProfile("fast"));
        Assert.Contains("Unknown course profile 'fast'", e.Message);
        Assert.Contains("DDIM_PROFILE=quick", e.Message);
        Assert.Contains("DDIM_PROFILE=full", e.Message);
    }

    [Fact]
    public void A_false_claim_fails_with_its_name_and_numbers_and_a_true_one_prints_them()
    {
        var log = new StringWriter();
        var previous = Check.Out;
        Check.Out = log;
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
        finally { Check.Out = previous; }
    }
}
