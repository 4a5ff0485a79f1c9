namespace Ddim.Teaching.Data;

/// <summary>
/// Where the repository's data/ folder is: $DDIM_DATA if set, else the first data/ folder (holding the
/// checkpoint list or the Fashion-MNIST checksums) found walking up from the working directory or from the library.
/// </summary>
public static class DataPaths
{
    /// <summary>The data/ folder.</summary>
    public static string Root => Environment.GetEnvironmentVariable("DDIM_DATA") is { Length: > 0 } env ? env : Find();

    /// <summary>data/fashion-mnist.</summary>
    public static string FashionMnist => Path.Combine(Root, "fashion-mnist");

    /// <summary>data/checkpoints.</summary>
    public static string Checkpoints => Path.Combine(Root, "checkpoints");

    private static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "data");
                if (File.Exists(Path.Combine(candidate, "fashion-mnist.sha256")))
                    return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            "Could not find the repository's data/ folder (with fashion-mnist.sha256) above the working directory or the library; run from inside the repository or set DDIM_DATA.");
    }
}
