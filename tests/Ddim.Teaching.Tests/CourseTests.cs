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

    [Theory]
    [InlineData(null, null)]
    [InlineData(" ", null)]
    [InlineData("3", 3)]
    public void A_thread_override_is_read_from_the_environment_and_absent_means_the_profile_chooses(string? value, int? expected) =>
        Assert.Equal(expected, Course.ParseThreads(value));

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    public void A_bad_thread_override_is_refused_with_the_fix(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => Course.ParseThreads(value));
        Assert.Contains($"DDIM_THREADS='{value}'", e.Message);
        Assert.Contains("Unset it", e.Message);
    }
}
