// Shared prelude of every course notebook: references the library built from lib/Ddim.Teaching (no copies, no absolute
// paths), teaches the kernel to display its images and tables, and sets the state every notebook relies on (Course.Start: the
// LibTorch thread count of the profile), so a notebook opened alone behaves as in the main job.
// Rebuild the library and restart the kernel to see a change.
#r "../lib/Ddim.Teaching/bin/Debug/net10.0/TorchSharp.dll"
#r "../lib/Ddim.Teaching/bin/Debug/net10.0/SkiaSharp.dll"
#r "../lib/Ddim.Teaching/bin/Debug/net10.0/Plotly.NET.dll"
#r "../lib/Ddim.Teaching/bin/Debug/net10.0/Plotly.NET.CSharp.dll"
#r "../lib/Ddim.Teaching/bin/Debug/net10.0/Ddim.Teaching.dll"

// The namespaces every notebook uses. Only a global using in a loaded script reaches the cells that load it (a plain
// using stays inside this file), so each notebook adds just the namespaces of its own topic.
global using TorchSharp;
global using static TorchSharp.torch;
global using Ddim.Teaching;
global using Ddim.Teaching.GaussianWorld;
global using Ddim.Teaching.Models;
global using Ddim.Teaching.Plotting;
global using Ddim.Teaching.Sampling;
global using Ddim.Teaching.Schedules;

Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Ddim.Teaching.Plotting.PngImage>(
    (image, writer) => writer.Write(image.ToHtml()), "text/html");
Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Ddim.Teaching.Plotting.HtmlTable>(
    (table, writer) => writer.Write(table.ToHtml()), "text/html");
Microsoft.DotNet.Interactive.Formatting.Formatter.Register<Ddim.Teaching.CheckTable>(
    (checks, writer) => writer.Write(checks.ToHtml()), "text/html");
Ddim.Teaching.Course.Start();
