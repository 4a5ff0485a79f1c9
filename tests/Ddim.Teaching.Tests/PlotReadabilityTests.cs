using Ddim.Teaching.Experiments;
using Ddim.Teaching.Metrics;
using Ddim.Teaching.Plotting;
using Ddim.Teaching.Sampling;
using Plotly.NET;
using static TorchSharp.torch;

namespace Ddim.Teaching.Tests;

/// <summary>Charts and image grids a learner can read: whole titles, readable log axes, the prose's names, promised lines drawn.</summary>
public class PlotReadabilityTests
{
    [Fact]
    public void A_long_title_wraps_at_spaces_outside_tags_within_the_line_length_and_keeps_every_word()
    {
        string title = "Fashion-MNIST, shipped UNet: FID in classifier features (n per cell in the hover; floor 21.4)<br><sub>a subtitle that is short</sub>";
        string wrapped = Plots.WrapTitle(title, lineLength: 40);
        var lines = wrapped.Split("<br>");
        Assert.True(lines.Length >= 3, wrapped);
        Assert.All(lines, l => Assert.True(System.Text.RegularExpressions.Regex.Replace(l, "<[^>]*>", "").Length <= 40, l));
        Assert.Equal(title.Replace("<br>", " "), wrapped.Replace("<br>", " "));
        Assert.Contains("<sub>a subtitle that is short</sub>", wrapped);
    }

    [Fact]
    public void Layout_wraps_the_title_makes_room_for_it_and_labels_log_ticks_with_full_values()
    {
        var chart = Plots.Lines(new string('x', 10) + string.Concat(Enumerable.Repeat(" word", 40)), "S", "loss",
            [new Series("a", [10.0, 100.0, 1000.0], [1e-4, 1e-3, 1e-2])], logX: true, logY: true);
        string json = GenericChart.toFigureJson(chart).Replace(" ", "");
        Assert.Contains("<br>", json);
        Assert.Contains("\"type\":\"log\",\"tickformat\":\"~g\"", json);
        Assert.Matches("\"margin\":\\{\"t\":(1[0-9][0-9])\\}", json);
    }

    private static SweepRow Row(string world, int steps, SamplerNoise eta, double fid) =>
        new(world, steps, eta, "uniform", 1000, fid, null, null, 1.0, steps * 1000L, "classifier features");

    [Fact]
    public void The_fid_chart_names_samplers_as_the_prose_does_ticks_the_measured_s_and_draws_its_floor()
    {
        var rows = new[] { 10, 20, 50 }.SelectMany(s => new[]
        {
            Row("fashion-mnist-unet", s, SamplerNoise.Deterministic, 60.0 / s + 22),
            Row("fashion-mnist-unet", s, SamplerNoise.SigmaHat, 300.0 / s + 22),
            Row("fashion-mnist-unet", s, SamplerNoise.FromEta(0.5), 100.0 / s + 22),
        });
        var chart = Plots.Layout(SweepPlots.FidVersusSteps(rows, floor: (21.4, "real training images")), "FID", "S (sampling steps)", "FID", logX: true);
        string json = GenericChart.toFigureJson(chart);
        Assert.Contains("\"η = 0 (DDIM)\"", json);
        Assert.Contains("\"σ\u0302 (sigma-hat)\"", json);
        Assert.Contains("\"η = 0.5\"", json);
        Assert.DoesNotContain("eta=", json);
        Assert.DoesNotContain("fashion-mnist-unet", json); // one world: not repeated in every legend entry
        Assert.Contains("\"real training images (21.4)\"", json);
        Assert.Contains("\"y\":[21.4,21.4]", json.Replace(" ", ""));
        Assert.Contains("\"tickvals\":[10,20,50]", json.Replace(" ", "")); // kept through Plots.Layout
        Assert.Equal(4, GenericChart.getTraces(chart).Count());
    }

    [Fact]
    public void Image_grids_are_shown_at_three_or_four_times_and_carry_row_and_column_labels()
    {
        using var scope = NewDisposeScope();
        var grid = ImageGrid.Render(zeros(16, 1, 28, 28), columns: 8, rowLabels: ["eta = 0", "eta = 1"],
            columnLabels: Enumerable.Range(0, 8).Select(i => $"seed {i}").ToArray());
        Assert.Equal(3, grid.Scale);
        string html = grid.ToHtml();
        Assert.Contains($"width=\"{grid.Width * 3}\"", html);
        Assert.Contains("<div>eta = 1</div>", html);
        Assert.Contains("<div>seed 7</div>", html);
        Assert.Equal(4, ImageGrid.Render(zeros(4, 1, 28, 28), columns: 4).Scale);
    }

    [Fact]
    public void An_eleven_column_path_strip_is_shown_larger_than_twice_and_still_fits_the_page_beside_its_labels()
    {
        using var scope = NewDisposeScope();
        string[] rows = ["pair 0, slerp", "pair 0, lerp"];
        var strip = ImageGrid.Render(zeros(22, 1, 28, 28), columns: 11, rowLabels: rows,
            columnLabels: Enumerable.Range(0, 11).Select(i => $"{i / 10.0:F1}").ToArray());
        Assert.Equal(2.5, strip.Scale);
        double labels = rows.Max(r => r.Length) * ImageGrid.LabelCharWidth + ImageGrid.LabelGap;
        Assert.True(strip.Width * strip.Scale + labels <= ImageGrid.PageWidth, $"{strip.Width} px at {strip.Scale}x beside {labels} px of labels");
        Assert.Contains($"width=\"{strip.Width * 2.5}\"", strip.ToHtml());
        Assert.Contains("repeat(11,75px)", strip.ToHtml());   // (28 + 2) px per tile at 2.5x: column labels line up with the tiles
    }

    [Fact]
    public void A_grid_scale_is_whole_from_three_up_and_never_below_two()
    {
        Assert.Equal(4, ImageGrid.ScaleFor(122));
        Assert.Equal(3, ImageGrid.ScaleFor(300));
        Assert.Equal(2.75, ImageGrid.ScaleFor(340));
        Assert.Equal(2, ImageGrid.ScaleFor(2000));
        Assert.Throws<ArgumentException>(() => ImageGrid.ScaleFor(0));
    }

    [Fact]
    public void Image_grid_labels_must_match_the_rows_and_columns()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => ImageGrid.Render(zeros(6, 1, 28, 28), columns: 3, rowLabels: ["only one"]));
        Assert.Contains("rowLabels has 1 labels for 2 rows", e.Message);
        Assert.Throws<ArgumentException>(() => ImageGrid.Render(zeros(6, 1, 28, 28), columns: 3, columnLabels: ["a", "b"]));
    }
}

public class PlotlyHtmlTests
{
    [Fact]
    public void Foreign_chart_scripts_wait_for_plotly_through_require_as_plotly_net_output_does()
    {
        const string xplot = "<div id=\"c1\"></div>\n<script>\n var data = [1]; Plotly.newPlot('c1', data, {});\n</script>";
        string html = PlotlyHtml.WithPlotlyLoader(xplot);
        Assert.Contains("<div id=\"c1\"></div>", html);
        Assert.Contains("plotlyRequire(['plotly'], function (Plotly) {", html);
        Assert.Contains("Plotly.newPlot('c1', data, {});", html);
        Assert.Contains(PlotlyHtml.CdnPath, html);
        Assert.Equal(1, html.Split("<script").Length - 1);
    }

    [Fact]
    public void Html_without_a_script_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => PlotlyHtml.WithPlotlyLoader("<div></div>"));
        Assert.Contains("no inline <script>", e.Message);
    }
}

public class ChartDataSizeTests
{
    [Fact]
    public void Chart_data_keeps_six_significant_digits_for_curves_and_four_for_point_clouds()
    {
        Assert.Equal([0.00309734, -1.39990, 0, double.NaN, 123457], Plots.Rounded([0.0030973412597832843, -1.399902451779526, 0, double.NaN, 123456.7], 6));
        var cloud = Plots.Scatter("c", "x", "y", [new Series("p", [0.0030973412597832843], [-1.399902451779526])]);
        string json = Plotly.NET.GenericChart.toFigureJson(cloud).Replace(" ", "");
        Assert.Contains("\"x\":[0.003097]", json);
        Assert.Contains("\"y\":[-1.4]", json);
    }
}
