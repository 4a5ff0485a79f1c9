using System.Text.Json;

namespace Ddim.Teaching.Tests;

/// <summary>Notebook code cells show one idea in a few lines; longer machinery lives in the library, where it is tested.</summary>
public class NotebookCellLengthTests
{
    /// <summary>Most code lines a cell may have (comments and blank lines not counted): about a dozen, with room for a wrapped call.</summary>
    private const int MostCodeLines = 15;

    /// <summary>Every course notebook, so a new one is held to the same rule.</summary>
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (string name in Directory.GetFiles(Path.Combine(RepositoryRoot(), "notebooks"), "??-*.ipynb").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal))
            if (char.IsAsciiDigit(name[0]) && char.IsAsciiDigit(name[1])) data.Add(name);
        return data;
    }

    [Fact]
    public void The_rule_reaches_all_nine_course_notebooks() => Assert.Equal(9, Notebooks().Count);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_code_cell_of_the_notebook_has_at_most_fifteen_code_lines(string notebook)
    {
        string path = Path.Combine(RepositoryRoot(), "notebooks", notebook);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var tooLong = json.RootElement.GetProperty("cells").EnumerateArray()
            .Select((cell, index) => (cell, index))
            .Where(c => c.cell.GetProperty("cell_type").GetString() == "code")
            .Select(c => (c.index, lines: string.Concat(c.cell.GetProperty("source").EnumerateArray().Select(l => l.GetString())).Split('\n')
                .Count(l => l.Trim().Length > 0 && !l.Trim().StartsWith("//"))))
            .Where(c => c.lines > MostCodeLines)
            .Select(c => $"cell {c.index}: {c.lines} code lines").ToList();
        Assert.True(tooLong.Count == 0, $"{notebook}: {string.Join("; ", tooLong)} (at most {MostCodeLines}; move the machinery into the library)");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ddim.Teaching.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Ddim.Teaching.sln above {AppContext.BaseDirectory}; run the tests from the repository's build output.");
    }
}
