using System.Text.Json.Nodes;
using Course.Notebooks.Model;
using Course.Notebooks.Charts;
using Course.Notebooks.Rendering;

namespace Course.Notebooks.Tests.Rendering;

public class NotebookHtmlTests
{
    [Fact]
    public void Plotly_charts_get_the_embedded_plotly_js_once_and_no_cdn_tag()
    {
        Assert.NotNull(PlotlyScript.Text); // Plotly.NET 6.0.0 is in the NuGet cache of every course machine (Directory.Packages.props)
        var nb = Notebook.NewCSharp();
        for (var i = 0; i < 2; i++)
        {
            var cell = Cell.Code($"chart{i}");
            cell.Outputs.Add(Outputs.DisplayData(new JsonObject
            {
                ["text/html"] = $"<div id=\"c{i}\"></div><script src=\"https://cdn.plot.ly/plotly-2.28.0.min.js\" charset=\"utf-8\"></script><script>Plotly.newPlot('c{i}', [], {{}});</script>",
            }));
            nb.Cells.Add(cell);
        }
        var page = NotebookHtml.Render(nb, "charts", "passed");
        Assert.DoesNotContain("src=\"https://cdn.plot.ly", page);
        Assert.Equal(1, Count(page, "plotly.js v2.28.0"));
        Assert.Contains("Plotly.newPlot('c1'", page);
    }

    [Fact]
    public void Pages_without_charts_stay_small_and_show_every_output_kind()
    {
        var nb = Notebook.NewCSharp();
        nb.Cells.Add(Cell.Markdown("# Title\nSome **bold** and `code <x>`.\n- one\n- two"));
        var cell = Cell.Code("var a = \"<tag>\";");
        cell.Outputs.Add(Outputs.Stream("stdout", "printed <text>\n"));
        cell.Outputs.Add(Outputs.DisplayData(new JsonObject { ["image/png"] = "iVBORw0KGgo=", ["text/plain"] = "img" }));
        cell.Outputs.Add(Outputs.Error("InvalidOperationException", "cell 2 (id x), line 1: bad", ["trace"]));
        nb.Cells.Add(cell);
        var page = NotebookHtml.Render(nb, "t", "failed");
        Assert.True(page.Length < 20_000);
        Assert.Contains("<h1>Title</h1>", page);
        Assert.Contains("<strong>bold</strong>", page);
        Assert.Contains("<code>code &lt;x&gt;</code>", page);
        Assert.Contains("<li>two</li>", page);
        Assert.Contains("var a = &quot;&lt;tag&gt;&quot;;", page);
        Assert.Contains("printed &lt;text&gt;", page);
        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", page);
        Assert.Contains("line 1: bad", page);
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }
}
