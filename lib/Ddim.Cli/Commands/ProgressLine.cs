namespace Ddim.Cli.Commands;

/// <summary>
/// A text progress bar redrawn in place on a terminal; when output is redirected (a log file) it prints a plain line
/// every <c>logEvery</c> updates instead.
/// </summary>
internal sealed class ProgressLine(long total, int logEvery = 50)
{
    private readonly bool interactive = !Console.IsOutputRedirected;
    private DateTime lastDraw = DateTime.MinValue;

    public void Report(long done, string detail, TimeSpan elapsed, long doneThisRun)
    {
        bool last = done >= total;
        if (interactive)
        {
            if (!last && (DateTime.UtcNow - lastDraw).TotalMilliseconds < 200)
                return;
            lastDraw = DateTime.UtcNow;
            const int width = 30;
            int filled = (int)(width * done / Math.Max(total, 1));
            Console.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {done}/{total} {detail} {Format(elapsed)} eta {Eta(done, elapsed, doneThisRun)}  ");
            if (last)
                Console.WriteLine();
        }
        else if (done % logEvery == 0 || last || done == 1)
        {
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {done}/{total} {detail} elapsed {Format(elapsed)} eta {Eta(done, elapsed, doneThisRun)}");
        }
    }

    private string Eta(long done, TimeSpan elapsed, long doneThisRun) =>
        doneThisRun == 0 ? "?" : Format(TimeSpan.FromSeconds(elapsed.TotalSeconds / doneThisRun * (total - done)));

    private static string Format(TimeSpan t) => $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}";
}
