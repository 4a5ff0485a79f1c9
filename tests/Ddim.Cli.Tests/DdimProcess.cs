using System.Diagnostics;

namespace Ddim.Cli.Tests;

/// <summary>The <c>ddim</c> command line as its own process, for tests that kill it, signal it or run two at once.</summary>
internal sealed class DdimProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    public DdimProcess(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ddim.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["OMP_NUM_THREADS"] = "1";
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>Waits until the output contains <paramref name="text"/> (or the process ends); true if it appeared.</summary>
    public bool WaitFor(string text, TimeSpan timeout, int times = 1)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Count(text) >= times) return true;
            if (process.HasExited) return Count(text) >= times;
            Thread.Sleep(20);
        }
        return false;
    }

    private int Count(string text) => Output.Split(text).Length - 1;

    public void Kill() => process.Kill();

    public void Terminate() => Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();

    public int Wait(TimeSpan timeout)
    {
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            throw new TimeoutException($"ddim did not end within {timeout}; output:\n{Output}");
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill();
        process.Dispose();
    }
}
