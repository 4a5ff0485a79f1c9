using System.Text.Json.Nodes;

namespace Ddim.Notebooks.Tests;

public class RunnerTests
{
    [Fact]
    public void A_failing_cell_stops_the_run_and_is_reported_with_its_number_first_line_and_error()
    {
        string dir = Repo.TempDir();
        string nb = Repo.WriteNotebook(dir, "fails.ipynb",
            "Console.WriteLine(\"first cell ran\");",
            "// the broken cell\nthrow new InvalidOperationException(\"deliberate failure 42\");",
            "Console.WriteLine(\"must not run\");");
        string outDir = Path.Combine(dir, "out");

        var r = Repo.RunRunner("run", "--out", outDir, nb);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("fails.ipynb", r.Err);
        Assert.Contains("cell 3", r.Err); // the markdown title is cell 1
        Assert.Contains("// the broken cell", r.Err);
        Assert.Contains("deliberate failure 42", r.Err);
        var executed = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "fails.ipynb")))!["cells"]!.AsArray();
        Assert.Contains("first cell ran", executed[1]!["outputs"]!.ToJsonString());
        Assert.Equal("error", executed[2]!["outputs"]![0]!["output_type"]!.GetValue<string>());
        Assert.Empty(executed[3]!["outputs"]!.AsArray());
        Assert.Contains("deliberate failure 42", File.ReadAllText(Path.Combine(outDir, "fails.html")));
    }

    [Fact]
    public void A_compile_error_is_reported_as_a_failure()
    {
        string dir = Repo.TempDir();
        string nb = Repo.WriteNotebook(dir, "compile.ipynb", "int x = \"not an int\";");
        var r = Repo.RunRunner("run", "--out", Path.Combine(dir, "out"), nb);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("cell 2", r.Err);
        Assert.Contains("CS0029", r.Err);
    }

    [Fact]
    public void A_cell_past_the_timeout_fails_the_run()
    {
        string dir = Repo.TempDir();
        string nb = Repo.WriteNotebook(dir, "slow.ipynb", "System.Threading.Thread.Sleep(20_000);");
        var r = Repo.RunRunner("run", "--cell-timeout", "2", "--out", Path.Combine(dir, "out"), nb);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("timed out after 2 s", r.Err);
    }

    [Fact]
    public void A_missing_notebook_is_named_with_the_fix()
    {
        var r = Repo.RunRunner("run", "--out", Repo.TempDir(), "notebooks/no-such-notebook.ipynb");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Notebook not found: notebooks/no-such-notebook.ipynb", r.Err);
    }

    [Fact]
    public void A_notebook_that_is_not_json_is_named_with_the_fix()
    {
        string dir = Repo.TempDir();
        string path = Path.Combine(dir, "broken.ipynb");
        File.WriteAllText(path, "{ \"cells\": [ this is not json");
        var r = Repo.RunRunner("run", "--out", Path.Combine(dir, "out"), path);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("broken.ipynb is not valid JSON", r.Err);
        Assert.Contains("restore it from git", r.Err);
    }

    [Fact]
    public void An_unknown_profile_is_refused_with_the_valid_names()
    {
        string dir = Repo.TempDir();
        string nb = Repo.WriteNotebook(dir, "ok.ipynb", "1 + 1");
        var r = Repo.RunRunner("run", "--profile", "fast", "--out", Path.Combine(dir, "out"), nb);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Unknown profile 'fast'", r.Err);
        Assert.Contains("--profile quick", r.Err);
    }

    [Fact]
    public void The_runner_never_writes_over_a_source_notebook()
    {
        string dir = Repo.TempDir();
        string nb = Repo.WriteNotebook(dir, "src.ipynb", "Console.WriteLine(1);");
        string before = File.ReadAllText(nb);
        var r = Repo.RunRunner("run", "--out", dir, nb);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Refusing to overwrite the source notebook", r.Err);
        Assert.Equal(before, File.ReadAllText(nb));
    }

    [Fact]
    public void Committed_course_notebooks_carry_no_outputs()
    {
        foreach (var path in Repo.CourseNotebooks())
        {
            var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
            foreach (var cell in cells.Where(c => c!["cell_type"]!.GetValue<string>() == "code"))
            {
                Assert.True(cell!["outputs"] is JsonArray { Count: 0 }, $"{Path.GetFileName(path)} is committed with outputs");
                Assert.True(cell["execution_count"] is null, $"{Path.GetFileName(path)} is committed with execution counts");
            }
        }
    }

    [Fact]
    public void Markdown_math_survives_headings_and_one_line_display_blocks_in_the_html()
    {
        string dir = Repo.TempDir();
        string nb = Repo.WriteNotebook(dir, "math.ipynb", "1 + 1");
        var doc = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(nb))!;
        doc["cells"]![0]!["source"] = "## The step $x_{t-1}$\n\n$$\\bar\\alpha_{t} = \\prod_{s \\le t} \\alpha_s$$\n";
        File.WriteAllText(nb, doc.ToJsonString());
        string outDir = Path.Combine(dir, "out");
        var r = Repo.RunRunner("run", "--out", outDir, nb);
        Assert.Equal(0, r.ExitCode);
        string html = File.ReadAllText(Path.Combine(outDir, "math.html"));
        Assert.Contains("\\(x_{t-1}\\)</span></h2>", html);
        Assert.Contains("<div class=\"math\">", html);
        // The heading's identifier carries the math as plain text, not as markup inside the attribute.
        Assert.Contains("<h2 id=\"the-step-x-t-1\">", html);
        Assert.DoesNotContain("id=\"the-step-<", html);
    }

    [Fact]
    public void Pages_link_to_the_index_and_their_neighbours_and_links_to_notebooks_become_links_to_pages()
    {
        string dir = Repo.TempDir();
        string first = Repo.WriteNotebook(dir, "a-first.ipynb", "1 + 1");
        string second = Repo.WriteNotebook(dir, "b-second.ipynb", "2 + 2");
        var doc = JsonNode.Parse(File.ReadAllText(first))!;
        doc["cells"]![0]!["source"] = "# first\n\nNext, [the second](b-second.ipynb) and [its part 2](b-second.ipynb#part-2); [a site](https://example.org/x.ipynb).";
        File.WriteAllText(first, doc.ToJsonString());
        string outDir = Path.Combine(dir, "out");

        var r = Repo.RunRunner("run", "--out", outDir, first, second);

        Assert.Equal(0, r.ExitCode);
        string a = File.ReadAllText(Path.Combine(outDir, "a-first.html")), b = File.ReadAllText(Path.Combine(outDir, "b-second.html"));
        Assert.Contains("href=\"b-second.html\">the second", a);
        Assert.Contains("href=\"b-second.html#part-2\"", a);
        Assert.Contains("href=\"https://example.org/x.ipynb\"", a);
        Assert.Contains("<a href=\"b-second.html\">next", a);
        Assert.Contains("<a href=\"a-first.html\">&larr; previous", b);
        Assert.Contains("<a href=\"index.html\">index</a>", a);
        Assert.Contains("<a href=\"index.html\">index</a>", b);
    }

    [Fact]
    public void Each_cell_s_time_is_recorded_in_the_executed_notebook_and_shown_on_the_page()
    {
        string dir = Repo.TempDir();
        string nb = Repo.WriteNotebook(dir, "timed.ipynb", "System.Threading.Thread.Sleep(1200);", "1 + 1");
        string outDir = Path.Combine(dir, "out");
        var r = Repo.RunRunner("run", "--out", outDir, nb);
        Assert.Equal(0, r.ExitCode);
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "timed.ipynb")))!["cells"]!.AsArray();
        double slept = cells[1]!["metadata"]!["ddim"]!["elapsed_s"]!.GetValue<double>();
        double quick = cells[2]!["metadata"]!["ddim"]!["elapsed_s"]!.GetValue<double>();
        Assert.InRange(slept, 1.2, 30);
        Assert.True(quick < slept, $"the 1 + 1 cell took {quick} s, the 1.2 s sleep {slept} s");
        Assert.NotNull(cells[1]!["metadata"]!["execution"]!["shell.execute_reply"]);
        string page = File.ReadAllText(Path.Combine(outDir, "timed.html"));
        Assert.Matches(@"\[2\] <span class=""time"">[0-9.]+ s</span>", page);
        Assert.Contains("Slowest: <a href=\"#cell-2\">cell 2</a>", page);
    }
}
