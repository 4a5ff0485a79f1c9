using System.Globalization;

namespace Ddim.Teaching;

/// <summary>Thrown by <see cref="Check"/> when a claim made in the course turns out false.</summary>
public sealed class ClaimFailedException(string message) : Exception(message);

/// <summary>
/// Checks for the claims a notebook makes. Each prints the numbers it compared (so a reader of the executed notebook sees
/// them) and throws <see cref="ClaimFailedException"/>, naming the claim, when the claim is false.
/// </summary>
public static class Check
{
    private static TextWriter? writer;

    /// <summary>
    /// The writer checks report to: the console by default, read at each call (a notebook kernel redirects the console for
    /// every cell, so a writer captured once would send later cells' reports nowhere); tests may set their own.
    /// </summary>
    public static TextWriter Out
    {
        get => writer ?? Console.Out;
        set => writer = value;
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>|actual - expected| &lt;= tolerance.</summary>
    public static void Close(double actual, double expected, double tolerance, string claim)
    {
        double gap = Math.Abs(actual - expected);
        if (!(gap <= tolerance))
            throw new ClaimFailedException($"Claim failed: {claim}. actual {F(actual)}, expected {F(expected)}, |gap| {F(gap)} > tolerance {F(tolerance)}.");
        Out.WriteLine($"ok  {claim}: {F(actual)} vs {F(expected)} (|gap| {F(gap)} <= {F(tolerance)})");
    }

    /// <summary>Elementwise <see cref="Close(double,double,double,string)"/>; reports the largest gap.</summary>
    public static void Close(IReadOnlyList<double> actual, IReadOnlyList<double> expected, double tolerance, string claim)
    {
        if (actual.Count != expected.Count)
            throw new ClaimFailedException($"Claim failed: {claim}. lengths differ: {actual.Count} vs {expected.Count}.");
        int worst = 0;
        double gap = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            double g = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(g) || g > gap) { gap = double.IsNaN(g) ? double.NaN : g; worst = i; }
            if (double.IsNaN(gap)) break;
        }
        if (!(gap <= tolerance))
            throw new ClaimFailedException($"Claim failed: {claim}. at index {worst}: actual {F(actual[worst])}, expected {F(expected[worst])}, |gap| {F(gap)} > tolerance {F(tolerance)}.");
        Out.WriteLine($"ok  {claim}: {actual.Count} values, largest |gap| {F(gap)} <= {F(tolerance)}");
    }

    /// <summary>A claim that is a plain condition; <paramref name="evidence"/> is printed either way.</summary>
    public static void That(bool condition, string claim, string evidence = "")
    {
        string tail = evidence.Length > 0 ? $" ({evidence})" : "";
        if (!condition) throw new ClaimFailedException($"Claim failed: {claim}{tail}.");
        Out.WriteLine($"ok  {claim}{tail}");
    }

    /// <summary>actual &lt; bound.</summary>
    public static void Less(double actual, double bound, string claim) =>
        That(actual < bound, claim, $"{F(actual)} < {F(bound)}");
}
