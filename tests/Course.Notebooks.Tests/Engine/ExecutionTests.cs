using Course.Notebooks.Execution;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Engine;

public class ExecutionTests
{
    [Fact]
    public async Task State_carries_across_cells_and_trailing_value_is_an_execute_result()
    {
        var result = await Run.Cells("var x = 40;", "x + 2");
        Assert.Equal(RunStatus.Passed, result.Status);
        var cell = result.Notebook.Cells[1];
        var r = Assert.Single(cell.Outputs.OfType("execute_result"));
        Assert.Equal("42", r.Text().Trim());
        Assert.Equal(2, (int?)r["execution_count"]);
        Assert.Equal(2, cell.ExecutionCount);
    }

    [Fact]
    public async Task Statement_with_semicolon_and_void_call_produce_no_result()
    {
        var result = await Run.Cells("var y = 1;", "Console.Write(\"\")");
        Assert.All(result.Notebook.Cells, c => Assert.Empty(c.Outputs.OfType("execute_result")));
    }

    [Fact]
    public async Task Strings_are_plain_text_results()
    {
        var result = await Run.Cells("\"hello\"");
        var data = Assert.Single(result.Notebook.Cells[0].Outputs)["data"]!.AsObject();
        Assert.Equal(["text/plain"], data.Select(kv => kv.Key));
        Assert.Equal("hello", result.Notebook.Cells[0].Outputs[0].Text());
    }

    [Fact]
    public async Task Console_output_becomes_stream_outputs_per_cell()
    {
        var result = await Run.Cells("Console.WriteLine(\"one\"); Console.Write(\"two\");", "Console.Error.WriteLine(\"bad\");");
        var first = Assert.Single(result.Notebook.Cells[0].Outputs);
        Assert.Equal("stdout", (string?)first["name"]);
        Assert.Equal("one\ntwo", Model.NotebookFile.JoinLines(first["text"]));
        var second = Assert.Single(result.Notebook.Cells[1].Outputs);
        Assert.Equal("stderr", (string?)second["name"]);
    }

    [Fact]
    public async Task Default_imports_are_the_six_of_the_csharp_kernel()
    {
        var result = await Run.Cells("var sb = new StringBuilder(); var l = new List<int>{1}.Select(i => i).ToList(); await Task.Yield(); IEnumerable e = l;",
            "File.Exists(\"x\")");
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Contains("CS0103", result.FirstError);
    }

    [Fact]
    public async Task Working_directory_is_the_notebook_folder()
    {
        var result = await Run.Cells("Environment.CurrentDirectory");
        Assert.Equal(Fixtures.Folder.TrimEnd('/'), result.Notebook.Cells[0].Outputs[0].Text().TrimEnd('/'));
    }
}
