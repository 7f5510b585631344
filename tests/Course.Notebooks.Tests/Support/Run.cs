using System.Text.Json.Nodes;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;

namespace Course.Notebooks.Tests.Support;

/// <summary>Builds notebooks in memory and runs them through the engine.</summary>
public static class Run
{
    public static Notebook Notebook(params string[] codeCells)
    {
        var nb = Model.Notebook.NewCSharp();
        foreach (var code in codeCells) nb.Cells.Add(Cell.Code(code));
        return nb;
    }

    public static async Task<RunResult> Cells(params string[] codeCells) => await Execute(Notebook(codeCells));

    public static async Task<RunResult> Execute(Notebook nb, RunOptions? options = null, string? folder = null)
        => await NotebookRunner.RunAsync(nb, (options ?? new RunOptions()) with { WorkingDirectory = folder ?? Fixtures.Folder }, null);

    public static async Task<RunResult> Fixture(string name, RunOptions? options = null)
        => await NotebookRunner.RunAsync(NotebookFile.Read(Fixtures.Path(name)), options ?? new RunOptions(), Fixtures.Path(name));

    public static IEnumerable<JsonObject> OfType(this IEnumerable<JsonObject> outputs, string type)
        => outputs.Where(o => (string?)o["output_type"] == type);

    /// <summary>The code cells (papermill's error markers are markdown cells inserted before them).</summary>
    public static List<Cell> CodeCells(this RunResult result) => result.Notebook.Cells.Where(c => c.IsCode).ToList();

    public static string Text(this JsonObject output, string mime = "text/plain")
        => NotebookFile.JoinLines(output["data"]?[mime]);
}

/// <summary>The fixture notebooks copied beside the test assembly.</summary>
public static class Fixtures
{
    public static string Folder => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Path(string name) => System.IO.Path.Combine(Folder, name);
}
