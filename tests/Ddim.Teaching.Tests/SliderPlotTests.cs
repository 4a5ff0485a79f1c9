using Ddim.Teaching.Plotting;
using Plotly.NET;

namespace Ddim.Teaching.Tests;

public class SliderPlotTests
{
    [Fact]
    public void Slider_shows_exactly_one_frames_traces_at_each_step()
    {
        var frames = new[]
        {
            new SliderFrame("t=0", [new Series("a", [0.0, 1.0], [0.0, 1.0]), new Series("b", [0.0], [1.0])]),
            new SliderFrame("t=1", [new Series("c", [1.0], [0.0])]),
        };
        var chart = SliderPlots.Create("title", "x", "y", "t = ", frames, (-1, 1), (-1, 1));
        string json = GenericChart.toFigureJson(chart);
        Assert.Contains("\"sliders\"", json);
        Assert.Contains("\"visible\":[true,true,false]", json.Replace(" ", ""));
        Assert.Contains("\"visible\":[false,false,true]", json.Replace(" ", ""));
        Assert.Equal(3, GenericChart.getTraces(chart).Count());
    }
}
