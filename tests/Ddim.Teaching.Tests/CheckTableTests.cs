using Ddim.Teaching.Plotting;

namespace Ddim.Teaching.Tests;

public class CheckTableTests
{
    [Fact]
    public void Passed_checks_become_rows_with_claim_value_bound_and_verdict()
    {
        var checks = new CheckTable();
        checks.Close(1.0005, 1, 1e-3, "close enough");
        checks.Less(0.5, 1, "small");
        checks.That(true, "plain", "3 of 3");
        Assert.Equal(3, checks.Rows.Count);
        Assert.Equal(new CheckRow("small", "0.5", "< 1", true), checks.Rows[1]);
        string html = checks.ToHtml();
        Assert.Contains("<th style=\"border:1px solid #ddd;padding:2px 8px;background:#f4f6f8\">verdict</th>", html);
        Assert.Contains("3 checks, all passed", html);
        Assert.Contains(">3 of 3<", html);
    }

    [Fact]
    public void A_false_claim_fails_at_once_naming_the_claim_and_the_numbers()
    {
        var checks = new CheckTable();
        var e = Assert.Throws<ClaimFailedException>(() => checks.Less(2, 1, "two is below one"));
        Assert.Equal("Claim failed: two is below one. 2 is not < 1.", e.Message);
        Assert.False(checks.Rows[0].Passed);
    }

    [Fact]
    public void An_elementwise_check_is_one_row_that_reports_the_largest_gap_and_fails_naming_its_index()
    {
        var checks = new CheckTable();
        checks.Close([1.0, 2.0, 3.0], [1.0, 2.001, 3.0], 1e-2, "lists agree");
        Assert.Equal(new CheckRow("lists agree", "3 values, largest |gap| 0.001", "<= 0.01", true), checks.Rows[0]);
        var e = Assert.Throws<ClaimFailedException>(() => checks.Close([1.0, 2.0], [1.0, 2.5], 1e-2, "lists differ"));
        Assert.Contains("at index 1: actual 2, expected 2.5", e.Message);
        Assert.Throws<ClaimFailedException>(() => checks.Close([1.0, double.NaN], [1.0, 2.0], 1, "NaN never passes"));
        Assert.Throws<ClaimFailedException>(() => checks.Close([1.0], [1.0, 2.0], 1, "lengths must match"));
    }

    [Fact]
    public void A_refusal_check_shows_the_refusal_message_and_fails_when_the_call_returns()
    {
        var checks = new CheckTable();
        checks.Refuses<ArgumentException>(() => throw new ArgumentException("S = 0 is not allowed"), "refuses S = 0");
        Assert.Equal("S = 0 is not allowed", checks.Rows[0].Value);
        Assert.Contains("1 check, passed", checks.ToHtml());
        var e = Assert.Throws<ClaimFailedException>(() => checks.Refuses<ArgumentException>(() => { }, "refuses nothing"));
        Assert.Contains("no ArgumentException was thrown", e.Message);
        Assert.Throws<InvalidOperationException>(() => checks.Refuses<ArgumentException>(() => throw new InvalidOperationException("other"), "other kind"));
    }

    [Fact]
    public void Html_tables_right_align_numbers_encode_text_and_refuse_ragged_rows()
    {
        var table = HtmlTable.Of(["name", "beta_1"], [["linear <default>", 1e-4]]);
        string html = table.ToHtml();
        Assert.Contains("linear &lt;default&gt;", html);
        Assert.Contains("text-align:right\">0.0001</td>", html);
        Assert.Contains("text-align:right\">-1.250</td>", HtmlTable.Of(["x"], [["-1.250"]]).ToHtml()); // pre-formatted numbers align too
        Assert.Contains("text-align:left\">eta = 1</td>", HtmlTable.Of(["x"], [["eta = 1"]]).ToHtml());
        var e = Assert.Throws<ArgumentException>(() => HtmlTable.Of(["a", "b"], [["only one"]]));
        Assert.Contains("row 0 has 1 cells for 2 headers", e.Message);
    }
}
