using System.Text.Json.Nodes;
using Course.Notebooks.Charts;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Rendering;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Charts;

/// <summary>
/// Plotly.NET charts without Plotly.NET.Interactive: the Plotly MIME type (drawn offline by VS Code and JupyterLab) and HTML
/// that renders on its own; report pages carry plotly.js once.
/// </summary>
public class ChartOutputTests
{
    private const string PlotlyJsMarker = "plotly.js v2.28.0";
    private const string References = "#r \"nuget: Plotly.NET, 6.0.0\"\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nusing Plotly.NET.CSharp;";

    private static string Line(int n) => $"Chart.Line<int, int, string>(x: new[] {{ 1, 2, 3 }}, y: new[] {{ {n}, {n * 2}, {n * 4} }})";

    private static async Task<RunResult> Charts(bool embed, params string[] cells)
    {
        var before = PlotlyFigure.EmbedScript;
        PlotlyFigure.EmbedScript = embed;
        try { return await Run.Cells([References, .. cells]); }
        finally { PlotlyFigure.EmbedScript = before; }
    }

    [Fact]
    public async Task A_plotly_net_chart_is_the_plotly_mime_type_with_offline_html()
    {
        var result = await Charts(false, Line(1), $"{Line(2)}.Display();", "Chart.Column<int, string, string>(new[] { 3, 4 }, new[] { \"a\", \"b\" })");
        Assert.Equal(RunStatus.Passed, result.Status);
        var cells = result.CodeCells();
        foreach (var (output, type) in new[] { (cells[1].Outputs.Single(), "scatter"), (cells[2].Outputs.Single(), "scatter"), (cells[3].Outputs.Single(), "bar") })
        {
            var data = (JsonObject)output["data"]!;
            Assert.Equal(type, (string?)data[PlotlyFigure.MimeType]!["data"]![0]!["type"]);
            var html = output.Text("text/html");
            Assert.Contains("window.Plotly.newPlot(", html);
            Assert.DoesNotContain("cdn.plot.ly", html);
            Assert.DoesNotContain(PlotlyJsMarker, html);   // VS Code draws the MIME type: nothing to carry
        }
        Assert.Equal([2, 4, 8], cells[2].Outputs.Single()["data"]![PlotlyFigure.MimeType]!["data"]![0]!["y"]!.AsArray().Select(v => (int)v!));
    }

    [Fact]
    public async Task With_embedding_every_chart_renders_on_its_own_when_others_are_cleared()
    {
        var result = await Charts(true, Line(1), Line(2), Line(3));
        var charts = result.CodeCells().Skip(1).ToList();
        charts[0].Outputs.Clear();                                   // the first chart cell cleared (or re-run elsewhere)
        foreach (var cell in charts.Skip(1))
        {
            var html = cell.Outputs.Single().Text("text/html");
            Assert.Equal(1, Count(html, PlotlyJsMarker));             // its own copy: it draws without the others
            Assert.Contains("window.define=undefined", html);          // plotly.js sets window.Plotly under require.js too
        }
    }

    [Fact]
    public async Task A_report_page_carries_plotly_js_once_and_draws_every_chart_from_its_figure()
    {
        var result = await Charts(true, Line(1), Line(2));
        // The notebook is a document of its own, framed by the page (srcdoc): count in that document.
        var document = NotebookHtml.RenderDocument(result.Notebook, "charts");
        Assert.Equal(1, Count(document, PlotlyJsMarker));
        Assert.Equal(2, Count(document, "class=\"plotly-figure\""));
        Assert.Contains("srcdoc=", NotebookHtml.Render(result.Notebook, "charts", "passed"));
    }

    [Fact]
    public async Task Plotly_net_interactive_loads_without_its_kernel_and_charts_stay_ours()
    {
        var result = await Run.Cells("#r \"nuget: Plotly.NET.Interactive, 6.0.0\"\n#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\nusing Plotly.NET.CSharp;", Line(5));
        Assert.True(result.Status == RunStatus.Passed, result.FirstError);
        var data = (JsonObject)result.CodeCells()[1].Outputs.Single()["data"]!;
        Assert.Equal(5, (int)data[PlotlyFigure.MimeType]!["data"]![0]!["y"]![0]!);
        Assert.DoesNotContain("cdn.plot.ly", (string?)data["text/html"]);
    }

    private static int Count(string text, string part)
    {
        var n = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
