using System.Text.RegularExpressions;

namespace Ddim.Teaching.Tests;

/// <summary>
/// The library's namespace dependency graph read from its sources: namespace A depends on B when a file of A has
/// <c>using Ddim.Teaching.B</c> (plain or static), a fully qualified <c>Ddim.Teaching.B.Type</c>, or a relative
/// <c>B.Type</c> naming a public type declared in B (in code or in a cref; other comment text is ignored).
/// </summary>
internal static partial class NamespaceGraph
{
    private const string Root = "Ddim.Teaching";

    /// <summary>Edges of the graph of <paramref name="sources"/> (file texts), self-loops left out.</summary>
    public static IReadOnlyDictionary<string, SortedSet<string>> Edges(IEnumerable<string> sources)
    {
        var files = sources.Select(text => (Namespace: NamespaceOf(text), Code: CodeAndCrefs(text))).Where(f => f.Namespace is not null).ToList();
        var types = new Dictionary<string, HashSet<string>>();
        foreach (var (ns, code) in files)
        {
            string sub = Short(ns!);
            if (!types.TryGetValue(sub, out var set)) types[sub] = set = [];
            foreach (Match m in TypeDeclaration().Matches(code)) set.Add(m.Groups[1].Value);
        }
        var edges = types.Keys.ToDictionary(k => k, _ => new SortedSet<string>());
        foreach (var (ns, code) in files)
        {
            string from = Short(ns!);
            foreach (Match m in UsingDirective().Matches(code)) Add(edges, from, m.Groups[1].Value);
            foreach (Match m in QualifiedName().Matches(code))
            {
                string target = m.Groups[1].Value, type = m.Groups[2].Value;
                bool full = m.Value.StartsWith(Root + ".", StringComparison.Ordinal);
                if (types.TryGetValue(target, out var declared) && (full || declared.Contains(type))) Add(edges, from, target);
            }
        }
        return edges;
    }

    /// <summary>One cycle of the graph as a path a -&gt; b -&gt; ... -&gt; a, or null when it is acyclic.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> edges)
    {
        var state = new Dictionary<string, int>();    // 1 = on the current path, 2 = finished
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.TryGetValue(node, out var n) ? n : [])
            {
                if (state.GetValueOrDefault(next) == 1) return [.. path.Skip(path.IndexOf(next)), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found) return found;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in edges.Keys.Order())
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle) return cycle;
        return null;
    }

    private static void Add(Dictionary<string, SortedSet<string>> edges, string from, string to)
    {
        if (from == to) return;
        if (!edges.TryGetValue(from, out var set)) edges[from] = set = [];
        set.Add(to);
    }

    private static string? NamespaceOf(string text) => FileNamespace().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    // "Ddim.Teaching" itself is the node "" (the root: Course, Check, Seeded).
    private static string Short(string ns) => ns == Root ? "" : ns.StartsWith(Root + ".", StringComparison.Ordinal) ? ns[(Root.Length + 1)..] : ns;

    // Line comments are dropped except the targets of their crefs, which the compiler resolves like code.
    private static string CodeAndCrefs(string text) => string.Join('\n', text.Split('\n').Select(line =>
    {
        int comment = line.IndexOf("//", StringComparison.Ordinal);
        if (comment < 0) return line;
        var crefs = Cref().Matches(line[comment..]).Select(m => m.Groups[1].Value);
        return line[..comment] + " " + string.Join(' ', crefs);
    }));

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?Ddim\.Teaching\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"(?<![\w.])(?:Ddim\.Teaching\.)?(\w+)\.(\w+)")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"\b(?:public|internal)\s+(?:(?:sealed|static|readonly|abstract|partial)\s+)*(?:record\s+struct|record|class|struct|enum|interface)\s+(\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex("cref=\"([^\"]+)\"")]
    private static partial Regex Cref();
}
