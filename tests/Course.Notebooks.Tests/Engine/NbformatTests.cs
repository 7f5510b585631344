using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Parameters;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Engine;

public class NbformatTests
{
    [Theory]
    [InlineData("display.ipynb")]
    [InlineData("exception.ipynb")]
    [InlineData("compile_error.ipynb")]
    [InlineData("unknown_magic.ipynb")]
    [InlineData("parameters.ipynb")]
    [InlineData("formatter.ipynb")]
    public async Task Executed_notebooks_validate_against_the_nbformat_schema(string fixture)
    {
        var nb = NotebookFile.Read(Fixtures.Path(fixture));
        ParameterInjector.Inject(nb, new Dictionary<string, object?> { ["Epochs"] = 1 });
        var result = await NotebookRunner.RunAsync(nb, new RunOptions { ContinueOnError = true }, Fixtures.Path(fixture));
        var output = Path.Combine(Path.GetTempPath(), $"labs-nbformat-{Guid.NewGuid():N}.ipynb");
        try
        {
            NotebookFile.Write(result.Notebook, output);
            NbformatOracle.AssertValid(output);
            var reread = NotebookFile.Read(output);
            Assert.Equal(result.Notebook.Cells.Select(c => c.Id), reread.Cells.Select(c => c.Id));
            Assert.Equal(result.Notebook.Cells.Select(c => c.Source), reread.Cells.Select(c => c.Source));
        }
        finally { File.Delete(output); }
    }

    [Fact]
    public void Unknown_metadata_and_fields_are_kept_and_missing_ids_added()
    {
        const string json = """
            {"cells":[{"cell_type":"code","execution_count":null,"metadata":{"custom":{"k":[1,2]}},"outputs":[],"source":"x","future_field":7},
                      {"cell_type":"markdown","metadata":{},"source":["a\n","b"],"attachments":{}}],
             "metadata":{"polyglot_notebook":{"kernelInfo":{"defaultKernelName":"csharp"}},"other":true},
             "nbformat":4,"nbformat_minor":4}
            """;
        var nb = NotebookFile.Parse(json);
        Assert.All(nb.Cells, c => Assert.True(CellIds.IsValid(c.Id)));
        var written = NotebookFile.Serialize(nb);
        var again = NotebookFile.Parse(written);
        Assert.Equal(2, (int)again.Cells[0].Metadata["custom"]!["k"]![1]!);
        Assert.Equal(7, (int)again.Cells[0].Extra["future_field"]!);
        Assert.Equal("a\nb", again.Cells[1].Source);
        Assert.True((bool)again.Metadata["other"]!);
        Assert.Contains("\"nbformat_minor\": 5", written);
    }

    [Fact]
    public void Old_major_versions_are_rejected_with_the_fix()
    {
        var e = Assert.Throws<NotebookFormatException>(() => NotebookFile.Parse("{\"nbformat\":3,\"worksheets\":[]}"));
        Assert.Contains("nbconvert", e.Message);
    }
}
