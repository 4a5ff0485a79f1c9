namespace Ddim.Teaching.Tests;

public class NamespaceGraphTests
{
    private static IEnumerable<string> LibrarySources()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Ddim.Teaching.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var library = Path.Combine(root.FullName, "lib", "Ddim.Teaching");
        return Directory.EnumerateFiles(library, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText);
    }

    [Fact]
    public void The_library_namespaces_depend_on_each_other_without_a_cycle()
    {
        var edges = NamespaceGraph.Edges(LibrarySources());
        Assert.True(edges.Count >= 10, $"only {edges.Count} namespaces found; is the library folder right?");
        Assert.Contains("Schedules", edges["Sampling"]);      // the reader sees real edges, not an empty graph
        var cycle = NamespaceGraph.FindCycle(edges);
        Assert.True(cycle is null, $"namespace cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void A_using_one_way_and_a_qualified_type_name_the_other_way_make_a_cycle()
    {
        string[] sources =
        [
            "using Ddim.Teaching.B;\nnamespace Ddim.Teaching.A;\npublic sealed record Alpha(Beta B);",
            "namespace Ddim.Teaching.B;\n/// <summary>Made from <see cref=\"A.Alpha\"/>.</summary>\npublic sealed class Beta { }",
            "namespace Ddim.Teaching.C;\n// A.Alpha in plain comment text is no dependency.\npublic static class Gamma { public static int Data => A.Length; }",
        ];
        var edges = NamespaceGraph.Edges(sources);
        Assert.Equal(["B"], edges["A"]);
        Assert.Equal(["A"], edges["B"]);
        Assert.Empty(edges["C"]);                               // a member access A.Length is not a type of A
        Assert.Equal(["A", "B", "A"], NamespaceGraph.FindCycle(edges));
    }
}
