using Ddim.Teaching.Native;
using TorchSharp;

namespace Ddim.Teaching.Tests;

public class NativeTests
{
    [Fact]
    public void Torch_loads_and_computes_in_the_test_host()
    {
        var x = torch.arange(6, dtype: torch.float64).reshape(2, 3);
        Assert.Equal(83.0, x.matmul(x.T).sum().item<double>());
    }

    [Fact]
    public void LibTorchSharp_needs_no_GLIBCXX_version_the_system_lacks_strongly()
    {
        string so = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(so), so);
        var need = ElfVersionNeeds.Read(so).Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.File);
        // Ensure() ran in the module initializer: either the system has the version or the need is now weak.
        Assert.True(need.IsWeak || File.ReadAllText("/usr/lib/x86_64-linux-gnu/libstdc++.so.6").Contains("GLIBCXX_3.4.32"));
    }

    [Fact]
    public void MarkWeak_is_idempotent_and_changes_only_the_flag()
    {
        string src = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        string copy = Path.Combine(Path.GetTempPath(), $"elf-{Guid.NewGuid():N}.so");
        File.Copy(src, copy);
        try
        {
            var before = File.ReadAllBytes(copy);
            ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32");
            Assert.False(ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32"));
            var after = File.ReadAllBytes(copy);
            Assert.Equal(before.Length, after.Length);
            Assert.True(before.Zip(after).Count(p => p.First != p.Second) <= 1);
            Assert.True(ElfVersionNeeds.Read(copy).Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
            Assert.False(ElfVersionNeeds.MarkWeak(copy, "NO_SUCH_VERSION_1.0"));
        }
        finally { File.Delete(copy); }
    }
}
