using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ddim.Notebooks;

/// <summary>One cell of a Jupyter notebook: its kind, source and (after a run) outputs in nbformat 4 shape.</summary>
public sealed class NotebookCell(JsonObject json)
{
    /// <summary>The cell as nbformat JSON, edited in place when outputs are set.</summary>
    public JsonObject Json { get; } = json;
    /// <summary>The nbformat cell type: code, markdown or raw.</summary>
    public string Kind => Json["cell_type"]?.GetValue<string>() ?? "raw";
    /// <summary>Whether the kernel runs this cell.</summary>
    public bool IsCode => Kind == "code";
    /// <summary>Whether this cell is prose (rendered, not run).</summary>
    public bool IsMarkdown => Kind == "markdown";

    /// <summary>nbformat stores source as a string or as a list of lines.</summary>
    public string Source => Json["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v => v.GetValue<string>(),
        _ => ""
    };

    /// <summary>The first non-empty source line, to name the cell in progress and error messages.</summary>
    public string FirstLine => Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "(empty cell)";

    /// <summary>Replaces the cell's outputs and execution count with those of a run.</summary>
    public void SetOutputs(IEnumerable<JsonObject> outputs, int executionCount)
    {
        Json["outputs"] = new JsonArray(outputs.Select(o => (JsonNode)o).ToArray());
        Json["execution_count"] = executionCount;
    }

    /// <summary>
    /// Records when the cell ran and for how long, in the cell's metadata: Jupyter's <c>execution</c> timestamps (as
    /// JupyterLab writes them) and <c>ddim</c> with the seconds and the process's resident memory after the cell.
    /// </summary>
    public void SetTiming(DateTimeOffset started, TimeSpan elapsed, double residentMegabytes)
    {
        if (Json["metadata"] is not JsonObject metadata) Json["metadata"] = metadata = new JsonObject();
        metadata["execution"] = new JsonObject
        {
            ["shell.execute_reply.started"] = started.ToString("O"),
            ["shell.execute_reply"] = (started + elapsed).ToString("O"),
        };
        metadata["ddim"] = new JsonObject
        {
            ["elapsed_s"] = Math.Round(elapsed.TotalSeconds, 3),
            ["resident_mb"] = Math.Round(residentMegabytes),
        };
    }

    /// <summary>Seconds the cell took in the run that produced this notebook, when recorded.</summary>
    public double? ElapsedSeconds => Json["metadata"]?["ddim"]?["elapsed_s"]?.GetValue<double>();

    /// <summary>The cell's outputs in nbformat shape (none before a run).</summary>
    public IEnumerable<JsonObject> Outputs => (Json["outputs"] as JsonArray)?.OfType<JsonObject>() ?? [];
}

/// <summary>A Jupyter notebook (nbformat 4) read from disk; metadata is kept as it is.</summary>
public sealed class NotebookDocument
{
    private readonly JsonObject _root;

    private NotebookDocument(string path, JsonObject root, List<NotebookCell> cells)
    {
        Path = path;
        _root = root;
        Cells = cells;
    }

/// <summary>The file the notebook was read from.</summary>
    public string Path { get; }
    /// <summary>The file name without extension, e.g. 05-sampling.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);
    /// <summary>The cells in reading order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>Reads a notebook; a missing file or one that is not nbformat 4 JSON is a <see cref="NotebookException"/> naming the file.</summary>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path))
            throw new NotebookException($"Notebook not found: {path}. Check the path (notebooks live in notebooks/, e.g. notebooks/00-setup.ipynb).");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new NotebookException($"{path} is not valid JSON ({e.Message}). A .ipynb file must be a Jupyter notebook (nbformat 4); restore it from git or re-save it from Jupyter/VS Code.");
        }
        if (node is not JsonObject root || root["cells"] is not JsonArray cells)
            throw new NotebookException($"{path} is JSON but not a Jupyter notebook: it has no \"cells\" list (nbformat 4 expected).");
        var list = cells.Select((c, i) => c as JsonObject
            ?? throw new NotebookException($"{path}: cell {i + 1} is not a JSON object.")).Select(c => new NotebookCell(c)).ToList();
        return new NotebookDocument(System.IO.Path.GetFullPath(path), root, list);
    }

    /// <summary>Writes the notebook (with its outputs) to <paramref name="path"/>; refuses to overwrite the source.</summary>
    public void Save(string path)
    {
        if (string.Equals(System.IO.Path.GetFullPath(path), Path, StringComparison.Ordinal))
            throw new NotebookException($"Refusing to overwrite the source notebook {Path}: executed copies go to the output folder.");
        string temp = path + ".tmp";
        File.WriteAllText(temp, _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>A problem with a notebook or a run that the user can fix; the message says how.</summary>
public sealed class NotebookException(string message) : Exception(message);
