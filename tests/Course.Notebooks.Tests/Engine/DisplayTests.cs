using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Output;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Engine;

public class DisplayTests
{
    [Fact]
    public async Task Display_api_writes_the_expected_outputs()
    {
        var result = await Run.Fixture("display.ipynb");
        Assert.Equal(RunStatus.Passed, result.Status);
        var cells = result.Notebook.Cells;

        Assert.Equal("to stdout\n", Outputs.StreamText(cells[1].Outputs, "stdout"));
        Assert.Equal("to stderr\n", Outputs.StreamText(cells[1].Outputs, "stderr"));

        var shown = cells[2].Outputs.OfType("display_data").ToList();
        Assert.Equal(3, shown.Count);
        Assert.Equal("shown text", shown[0].Text());
        Assert.Equal("<b>bold</b>", shown[1].Text("text/html"));
        Assert.Equal("<i>as html</i>", shown[2].Text("text/html"));

        var updated = Assert.Single(cells[3].Outputs);
        Assert.Equal("step 3", updated.Text());
    }

    [Fact]
    public async Task Glue_writes_scrapbook_scraps()
    {
        var result = await Run.Fixture("display.ipynb");
        var scraps = result.Notebook.Cells[4].Outputs
            .Select(o => o["data"]?[Scrapbook.MimeType]).OfType<System.Text.Json.Nodes.JsonObject>().ToList();
        Assert.Equal(["accuracy", "history"], scraps.Select(s => (string?)s["name"]));
        Assert.Equal(0.97, (double)scraps[0]["data"]!);
        Assert.Equal("json", (string?)scraps[0]["encoder"]);
        Assert.Equal(1, (int)scraps[0]["version"]!);
        Assert.Equal(3, scraps[1]["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Trailing_values_use_the_formatter_preferred_mime_with_plain_text()
    {
        var result = await Run.Fixture("display.ipynb");
        var html = Assert.Single(result.Notebook.Cells[5].Outputs.OfType("execute_result"));
        Assert.Equal("<p>trailing html</p>", html.Text("text/html"));
        var number = Assert.Single(result.Notebook.Cells[6].Outputs.OfType("execute_result"));
        Assert.Equal("42", number.Text().Trim());
    }

    [Fact]
    public async Task A_formatter_registered_in_a_cell_formats_later_values()
    {
        var result = await Run.Fixture("formatter.ipynb");
        Assert.Equal(RunStatus.Passed, result.Status);
        var r = Assert.Single(result.Notebook.Cells[1].Outputs.OfType("execute_result"));
        Assert.Equal("<svg data-x='3'></svg>", r.Text("text/html"));
    }
}
