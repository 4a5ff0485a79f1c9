using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Ddim.Notebooks;

/// <summary>Where a run stopped: the 1-based cell number (counting every cell), its first line and the error.</summary>
public sealed record CellFailure(int CellNumber, string FirstLine, string Error);

/// <summary>The outcome of running one notebook: the executed document, the time it took, how many code cells ran and where it stopped.</summary>
/// <param name="Notebook">The notebook with the outputs of this run.</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
/// <param name="CodeCellsRun">Code cells that ran, including a failing one.</param>
/// <param name="Failure">The first failing cell, or null when every cell succeeded.</param>
public sealed record NotebookRunResult(NotebookDocument Notebook, TimeSpan Elapsed, int CodeCellsRun, CellFailure? Failure)
{
    /// <summary>Whether every code cell ran without error.</summary>
    public bool Succeeded => Failure is null;
}

/// <summary>
/// Runs a notebook top to bottom in an in-process C# kernel (Microsoft.DotNet.Interactive), collecting each cell's outputs
/// in nbformat shape. Stops at the first failing cell. <c>#r "nuget: ..."</c> works, and kernel extensions shipped in
/// resolved packages (e.g. Plotly.NET.Interactive's chart formatter) are loaded.
/// </summary>
public sealed class NotebookRunner(TimeSpan cellTimeout)
{
    /// <summary>Runs every code cell of <paramref name="notebook"/> in a fresh kernel, stopping at the first failure; <paramref name="progress"/> hears each cell as it starts.</summary>
    public async Task<NotebookRunResult> RunAsync(NotebookDocument notebook, Action<string>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        string previousDirectory = Environment.CurrentDirectory;
        // Relative paths in a notebook (#r, #load, data files) resolve against its folder, as in Jupyter.
        Environment.CurrentDirectory = Path.GetDirectoryName(notebook.Path)!;
        var kernel = CreateKernel();
        bool timedOut = false;
        int executed = 0;
        try
        {
            for (int i = 0; i < notebook.Cells.Count; i++)
            {
                var cell = notebook.Cells[i];
                if (!cell.IsCode || string.IsNullOrWhiteSpace(cell.Source)) continue;
                var outputs = new CellOutputs();
                var started = DateTimeOffset.UtcNow;
                var cellClock = Stopwatch.StartNew();
                var run = kernel.SendAsync(new SubmitCode(cell.Source));
                if (await Task.WhenAny(run, Task.Delay(cellTimeout)) != run)
                {
                    string message = $"timed out after {cellTimeout.TotalSeconds:0} s (per-cell limit; raise it with --cell-timeout)";
                    outputs.Error("Timeout", message);
                    cell.SetOutputs(outputs.ToJson(), ++executed);
                    cell.SetTiming(started, cellClock.Elapsed, ResidentMegabytes());
                    progress?.Invoke($"cell {i + 1}: {cell.FirstLine} - {message}");
                    timedOut = true;
                    return new(notebook, clock.Elapsed, executed, new CellFailure(i + 1, cell.FirstLine, message));
                }
                var result = await run;
                string? error = outputs.Collect(result.Events);
                cell.SetOutputs(outputs.ToJson(), ++executed);
                cell.SetTiming(started, cellClock.Elapsed, ResidentMegabytes());
                progress?.Invoke($"cell {i + 1}: {cell.FirstLine} ({cellClock.Elapsed.TotalSeconds:0.0} s, {ResidentMegabytes():0} MB resident)");
                if (error is not null)
                    return new(notebook, clock.Elapsed, executed, new CellFailure(i + 1, cell.FirstLine, error));
            }
            return new(notebook, clock.Elapsed, executed, null);
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            // A timed-out cell is still running on the kernel's thread and cannot be stopped safely; disposing the kernel
            // under it tears the process down, so it is left to end with the process.
            if (!timedOut)
            {
                kernel.Dispose();
                // The notebook's variables (tensors among them) are garbage now: free their native memory before the next notebook.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
            }
        }
    }

    /// <summary>Resident memory of this process (the kernel runs in it), in MB.</summary>
    private static double ResidentMegabytes()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64 / 1048576.0;
    }

    private static CompositeKernel CreateKernel()
    {
        var csharp = new CSharpKernel()
            .UseKernelHelpers()
            .UseNugetDirective(async (k, packages) =>
            {
                k.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                foreach (var package in packages)
                    await LoadExtensionsAsync(k, package.PackageRoot);
            })
            .UseValueSharing();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }

    /// <summary>Kernel extensions sit in <c>&lt;package&gt;/interactive-extensions/dotnet/*.dll</c> as IKernelExtension types.</summary>
    private static async Task LoadExtensionsAsync(Kernel kernel, string packageRoot)
    {
        string dir = Path.Combine(packageRoot, "interactive-extensions", "dotnet");
        if (!Directory.Exists(dir)) return;
        foreach (var dll in Directory.GetFiles(dir, "*.dll"))
        {
            var assembly = Assembly.LoadFrom(dll);
            foreach (var type in assembly.GetExportedTypes().Where(t => typeof(IKernelExtension).IsAssignableFrom(t) && !t.IsAbstract))
                await ((IKernelExtension)Activator.CreateInstance(type)!).OnLoadAsync(kernel);
        }
    }

    /// <summary>Turns kernel events into nbformat outputs; displays updated in place keep one output, showing the last value.</summary>
    private sealed class CellOutputs
    {
        private readonly List<JsonObject> _outputs = [];
        private readonly Dictionary<string, JsonObject> _displays = [];

        public IEnumerable<JsonObject> ToJson() => _outputs;

        /// <summary>Returns the failure message, or null when the cell succeeded.</summary>
        public string? Collect(IEnumerable<KernelEvent> events)
        {
            string? failure = null;
            foreach (var e in events)
            {
                switch (e)
                {
                    case StandardOutputValueProduced o: Stream("stdout", Text(o)); break;
                    case StandardErrorValueProduced o: Stream("stderr", Text(o)); break;
                    case DisplayedValueUpdated u when u.ValueId is not null && _displays.TryGetValue(u.ValueId, out var shown):
                        shown["data"] = Data(u);
                        break;
                    case ReturnValueProduced r: Display(r, "execute_result"); break;
                    case DisplayEvent d and (DisplayedValueProduced or DisplayedValueUpdated): Display(d, "display_data"); break;
                    case CommandFailed f:
                        failure = f.Exception?.Message is { Length: > 0 } m && !f.Message.Contains(m) ? $"{f.Message} {m}" : f.Message;
                        Error(f.Exception?.GetType().Name ?? "Error", failure);
                        break;
                }
            }
            return failure;
        }

        public void Error(string name, string message) => _outputs.Add(new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = name,
            ["evalue"] = message,
            ["traceback"] = new JsonArray(message)
        });

        private void Stream(string name, string text)
        {
            if (_outputs.LastOrDefault() is { } last && last["output_type"]?.GetValue<string>() == "stream" && last["name"]?.GetValue<string>() == name)
            {
                last["text"] = last["text"]!.GetValue<string>() + text;
                return;
            }
            _outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
        }

        private void Display(DisplayEvent d, string kind)
        {
            var output = new JsonObject { ["output_type"] = kind, ["data"] = Data(d), ["metadata"] = new JsonObject() };
            if (kind == "execute_result") output["execution_count"] = 0;
            _outputs.Add(output);
            if (d.ValueId is not null) _displays[d.ValueId] = output;
        }

        private static JsonObject Data(DisplayEvent d)
        {
            var data = new JsonObject();
            foreach (var v in d.FormattedValues) data[v.MimeType] = v.Value;
            return data;
        }

        private static string Text(DisplayEvent d) =>
            d.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? d.FormattedValues.FirstOrDefault()?.Value ?? "";
    }
}
