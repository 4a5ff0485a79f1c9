using System.Globalization;
using Ddim.Teaching.Plotting;

namespace Ddim.Teaching;

/// <summary>One checked claim: what was claimed, the value measured, the bound it met, and the verdict.</summary>
public sealed record CheckRow(string Claim, string Value, string Bound, bool Passed);

/// <summary>
/// The claims of one cell as one compact table (claim, value, bound, verdict) instead of a line per claim. Each check is the
/// same as <see cref="Check"/>'s: a false claim throws <see cref="ClaimFailedException"/> at once, naming it. End the cell
/// with the table to display it.
/// </summary>
public sealed class CheckTable(string caption = "")
{
    private readonly List<CheckRow> _rows = [];

    /// <summary>The checks so far, in the order they were made.</summary>
    public IReadOnlyList<CheckRow> Rows => _rows;

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private void Record(bool passed, string claim, string value, string bound, string failure)
    {
        _rows.Add(new CheckRow(claim, value, bound, passed));
        if (!passed) throw new ClaimFailedException($"Claim failed: {claim}. {failure}.");
    }

    /// <summary>|actual - expected| &lt;= tolerance.</summary>
    public void Close(double actual, double expected, double tolerance, string claim)
    {
        double gap = Math.Abs(actual - expected);
        Record(gap <= tolerance, claim, $"{F(actual)} vs {F(expected)}", $"|gap| {F(gap)} <= {F(tolerance)}",
            $"actual {F(actual)}, expected {F(expected)}, |gap| {F(gap)} > tolerance {F(tolerance)}");
    }

    /// <summary>Elementwise <see cref="Close(double,double,double,string)"/> in one row; the value is the largest gap.</summary>
    public void Close(IReadOnlyList<double> actual, IReadOnlyList<double> expected, double tolerance, string claim)
    {
        if (actual.Count != expected.Count)
        {
            Record(false, claim, $"{actual.Count} vs {expected.Count} values", "equal lengths", $"lengths differ: {actual.Count} vs {expected.Count}");
            return;
        }
        int worst = 0;
        double gap = 0;
        for (int i = 0; i < actual.Count && !double.IsNaN(gap); i++)
        {
            double g = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(g) || g > gap) (gap, worst) = (g, i);
        }
        Record(gap <= tolerance, claim, $"{actual.Count} values, largest |gap| {F(gap)}", $"<= {F(tolerance)}",
            $"at index {worst}: actual {F(actual[worst])}, expected {F(expected[worst])}, |gap| {F(gap)} > tolerance {F(tolerance)}");
    }

    /// <summary>
    /// The call is refused with a <typeparamref name="TException"/>; its message is shown as the value, so the reader sees
    /// what the refusal says.
    /// </summary>
    public void Refuses<TException>(Action call, string claim) where TException : Exception
    {
        try
        {
            call();
        }
        catch (TException e)
        {
            Record(true, claim, e.Message, $"throws {typeof(TException).Name}", "");
            return;
        }
        Record(false, claim, "returned normally", $"throws {typeof(TException).Name}", $"no {typeof(TException).Name} was thrown");
    }

    /// <summary>actual &lt; bound.</summary>
    public void Less(double actual, double bound, string claim) =>
        Record(actual < bound, claim, F(actual), $"< {F(bound)}", $"{F(actual)} is not < {F(bound)}");

    /// <summary>A claim that is a plain condition; <paramref name="evidence"/> is shown as its value.</summary>
    public void That(bool condition, string claim, string evidence = "") =>
        Record(condition, claim, evidence, "", evidence.Length > 0 ? $"({evidence})" : "the condition is false");

    /// <summary>The rows as a table with a verdict column.</summary>
    public HtmlTable ToTable() => HtmlTable.Of(["claim", "value", "bound", "verdict"],
        _rows.Select(r => (IReadOnlyList<object?>)[r.Claim, r.Value, r.Bound, r.Passed ? "ok" : "FAILED"]),
        caption.Length > 0 ? caption : _rows.Count == 1 ? "1 check, passed" : $"{_rows.Count} checks, all passed");

    /// <summary>The checks as an HTML table (claim, value, bound, verdict), for a notebook cell's output.</summary>
    public string ToHtml() => ToTable().ToHtml();

    /// <summary>The checks as aligned plain text.</summary>
    public override string ToString() => ToTable().ToString();
}
