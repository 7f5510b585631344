using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Parameters;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Engine;

public class ParameterTests
{
    [Theory]
    [InlineData("3", "3")]
    [InlineData("3000000000", "3000000000L")]
    [InlineData("0.001", "0.001")]
    [InlineData("1e-3", "0.001")]
    [InlineData("true", "true")]
    [InlineData("resnet", "\"resnet\"")]
    [InlineData("\"42\"", "\"42\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    public void Command_line_values_become_csharp_literals(string text, string literal)
        => Assert.Equal(literal, CSharpLiteral.From(ParameterValue.Infer(text)));

    [Fact]
    public void Lists_and_dictionaries_follow_papermill()
    {
        Assert.Equal("new [] { 1, 2 }", CSharpLiteral.From(new List<object?> { 1, 2 }));
        Assert.Equal("new Dictionary<string, object>{ { \"a\", 1.5 } }", CSharpLiteral.From(new Dictionary<string, object?> { ["a"] = 1.5 }));
        Assert.Equal("2.0", CSharpLiteral.From(2.0));
    }

    [Fact]
    public void Bad_assignment_is_a_usage_error()
    {
        Assert.Throws<ArgumentException>(() => ParameterValue.ParseAssignment("Epochs"));
        Assert.Throws<ArgumentException>(() => ParameterValue.ParseAssignment("1x=2"));
    }

    [Fact]
    public async Task Injected_cell_follows_the_parameters_cell_and_overrides_defaults()
    {
        var nb = NotebookFile.Read(Fixtures.Path("parameters.ipynb"));
        Assert.Null(ParameterInjector.Inject(nb, new Dictionary<string, object?> { ["Epochs"] = 5, ["Name"] = "first" }));
        Assert.Null(ParameterInjector.Inject(nb, new Dictionary<string, object?> { ["Epochs"] = 7, ["LearningRate"] = 0.5 }));
        Assert.Single(nb.Cells, c => c.HasTag(ParameterInjector.InjectedTag));
        var at = nb.Cells.FindIndex(c => c.HasTag(ParameterInjector.ParametersTag));
        Assert.True(nb.Cells[at + 1].HasTag(ParameterInjector.InjectedTag));

        var result = await NotebookRunner.RunAsync(nb, new RunOptions(), Fixtures.Path("parameters.ipynb"));
        Assert.Equal("7|0.5|default|Int32|Double\n", Outputs.StreamText(result.Notebook.Cells[^1].Outputs));
        Assert.Equal(7, (int?)result.Notebook.Metadata["papermill"]!["parameters"]!["Epochs"]);
        var defaults = result.Notebook.Metadata["papermill"]!["default_parameters"]!;
        Assert.Equal(2, (int?)defaults["Epochs"]);
        Assert.Equal(0.1, (double?)defaults["LearningRate"]);
        Assert.Equal("default", (string?)defaults["Name"]);
    }

    [Fact]
    public async Task Without_a_parameters_cell_the_injected_cell_goes_first_with_a_warning()
    {
        var nb = NotebookFile.Read(Fixtures.Path("no_parameters_cell.ipynb"));
        var warning = ParameterInjector.Inject(nb, new Dictionary<string, object?> { ["Epochs"] = 4 });
        Assert.Contains("no cell tagged \"parameters\"", warning);
        Assert.True(nb.Cells[0].HasTag(ParameterInjector.InjectedTag));
        var result = await NotebookRunner.RunAsync(nb, new RunOptions(), Fixtures.Path("no_parameters_cell.ipynb"));
        Assert.Equal("4\n", Outputs.StreamText(result.Notebook.Cells[1].Outputs));
    }

    [Fact]
    public void Profiles_come_from_the_file_beside_the_notebook_then_its_metadata()
    {
        var path = Fixtures.Path("parameters.ipynb");
        var nb = NotebookFile.Read(path);
        Assert.Equal(3, Profiles.Load(nb, path, "quick")["Epochs"]);
        Assert.Equal("quick-from-file", Profiles.Load(nb, path, "quick")["Name"]);
        Assert.Equal(100, Profiles.Load(nb, path, "full")["Epochs"]);
        var e = Assert.Throws<ProfileNotFoundException>(() => Profiles.Load(nb, path, "huge"));
        Assert.Contains("quick", e.Message);
        Assert.Contains("full", e.Message);
        Assert.Equal("quick-from-metadata", Profiles.Load(nb, null, "quick")["Name"]);
    }
}
