using System.CommandLine;
using Ddim.Notebooks;

var notebooks = new Argument<string[]>("notebooks") { Description = "Notebooks (.ipynb) to run, in order.", Arity = ArgumentArity.OneOrMore };
var outDir = new Option<string>("--out") { Description = "Folder for executed notebooks and HTML pages.", DefaultValueFactory = _ => "out/course" };
var cellTimeout = new Option<int>("--cell-timeout") { Description = "Per-cell time limit in seconds.", DefaultValueFactory = _ => 600 };
var profile = new Option<string?>("--profile") { Description = "Course profile: quick (CPU-sized, default) or full (GPU-sized). Sets DDIM_PROFILE." };

var run = new Command("run", "Run notebooks top to bottom in an in-process C# kernel; write executed .ipynb and offline HTML.")
{
    notebooks, outDir, cellTimeout, profile
};
run.SetAction(async (parse, _) =>
{
    try
    {
        return await CourseRun.RunAsync(parse.GetValue(notebooks)!, parse.GetValue(outDir)!, parse.GetValue(cellTimeout), parse.GetValue(profile));
    }
    catch (NotebookException e)
    {
        Console.Error.WriteLine("error: " + e.Message);
        return 2;
    }
});

var exportNotebooks = new Argument<string[]>("notebooks") { Description = "Notebooks (.ipynb) to write as pages, in order.", Arity = ArgumentArity.OneOrMore };
var exportOut = new Option<string>("--out") { Description = "Folder for the HTML pages.", DefaultValueFactory = _ => "out/pages" };
var export = new Command("export", "Write notebooks as offline HTML pages without running them (prose, math, saved outputs).")
{
    exportNotebooks, exportOut
};
export.SetAction(async (parse, _) =>
{
    try
    {
        return await CourseRun.ExportAsync(parse.GetValue(exportNotebooks)!, parse.GetValue(exportOut)!);
    }
    catch (NotebookException e)
    {
        Console.Error.WriteLine("error: " + e.Message);
        return 2;
    }
});

var root = new RootCommand("ddim-notebooks: headless runner for the Ddim.Teaching course notebooks.") { run, export };
return await root.Parse(args).InvokeAsync();
