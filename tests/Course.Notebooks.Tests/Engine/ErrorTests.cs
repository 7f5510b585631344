using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Output;
using Course.Notebooks.Tests.Support;

namespace Course.Notebooks.Tests.Engine;

public class ErrorTests
{
    [Fact]
    public async Task Compile_error_names_cell_and_line_and_stops()
    {
        var result = await Run.Fixture("compile_error.ipynb");
        Assert.Equal(RunStatus.Failed, result.Status);
        var failed = result.Notebook.Cells.Single(c => c.Source.Contains("undefinedName"));
        var error = Assert.Single(failed.Outputs.OfType("error"));
        Assert.Equal("CompilationError", (string?)error["ename"]);
        Assert.Contains($"cell 2 (id {failed.Id}), line 2", (string?)error["evalue"]);
        Assert.Contains("CS0103", (string?)error["evalue"]);
        var notReached = result.Notebook.Cells.Single(c => c.Source.Contains("not reached"));
        Assert.Null(notReached.ExecutionCount);
        Assert.Equal("pending", (string?)notReached.Metadata["papermill"]!["status"]);
        Assert.Equal("failed", (string?)failed.Metadata["papermill"]!["status"]);
    }

    [Fact]
    public async Task Exception_names_cell_and_line_and_papermill_error_cells_are_inserted()
    {
        var result = await Run.Fixture("exception.ipynb");
        Assert.Equal(RunStatus.Failed, result.Status);
        var failed = result.Notebook.Cells.Single(c => c.Source.Contains("boom"));
        var error = Assert.Single(failed.Outputs.OfType("error"));
        Assert.Equal("InvalidOperationException", (string?)error["ename"]);
        Assert.Equal($"cell 2 (id {failed.Id}), line 3: boom in cell", (string?)error["evalue"]);
        Assert.True(result.Notebook.Cells[0].HasTag(PapermillRecord.ErrorCellTag));
        var before = result.Notebook.Cells[result.Notebook.Cells.IndexOf(failed) - 1];
        Assert.True(before.HasTag(PapermillRecord.ErrorCellTag));
        Assert.Equal(true, (bool?)result.Notebook.Metadata["papermill"]!["exception"]);
    }

    [Fact]
    public async Task Continue_on_error_runs_the_remaining_cells_and_still_fails()
    {
        var result = await Run.Fixture("exception.ipynb", new RunOptions { ContinueOnError = true });
        Assert.Equal(RunStatus.Failed, result.Status);
        var after = result.Notebook.Cells.Single(c => c.Source.Contains("after the error"));
        Assert.Equal("after the error\n", Outputs.StreamText(after.Outputs));
        Assert.Equal("completed", (string?)after.Metadata["papermill"]!["status"]);
    }

    [Fact]
    public async Task Unknown_magic_and_unsupported_language_are_clear_errors_naming_the_cell()
    {
        var result = await Run.Fixture("unknown_magic.ipynb", new RunOptions { ContinueOnError = true });
        var errors = result.Notebook.Cells.SelectMany(c => c.Outputs.OfType("error")).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Equal("UnsupportedLanguage", (string?)errors[0]["ename"]);
        Assert.Contains("this cell is F# (#!fsharp)", (string?)errors[0]["evalue"]);
        Assert.Equal("DirectiveError", (string?)errors[1]["ename"]);
        Assert.Contains("line 1: Unknown magic command '#!nosuch'", (string?)errors[1]["evalue"]);
        Assert.Matches("^Wall time: ", result.CodeCells()[2].Outputs.Single().Text());
    }

    [Fact]
    public async Task Timed_out_cell_is_cancelled_and_reported()
    {
        var result = await Run.Fixture("timeout.ipynb", new RunOptions { CellTimeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(RunStatus.TimedOut, result.Status);
        var timedOut = result.Notebook.Cells.Single(c => c.Source.Contains("while (true)"));
        var error = Assert.Single(timedOut.Outputs.OfType("error"));
        Assert.Equal("TimeoutError", (string?)error["ename"]);
        Assert.Contains("was cancelled.", (string?)error["evalue"]);
        Assert.Null(result.Notebook.Cells.Single(c => c.Source.Contains("not reached")).ExecutionCount);
    }

    [Fact]
    public async Task A_cell_that_blocks_past_cancellation_is_abandoned_after_the_grace_period()
    {
        var result = await Run.Execute(Run.Notebook("System.Threading.Thread.Sleep(60_000);"), new RunOptions
        {
            CellTimeout = TimeSpan.FromSeconds(2), CancellationGrace = TimeSpan.FromMilliseconds(200),
        });
        Assert.Equal(RunStatus.TimedOut, result.Status);
        Assert.Contains("did not stop", result.FirstError);
    }

    [Theory]
    [InlineData("long spins = 0;\nwhile (true) spins++;")]
    [InlineData("for (var i = 0; ; i++) { var s = i * 2; }")]
    [InlineData("var items = Enumerable.Repeat(1, int.MaxValue);\nlong sum = 0;\nforeach (var item in items) sum += item;")]
    [InlineData("long Spin(long n) { while (true) n++; }\nSpin(0);")]
    [InlineData("long Deep(int n) => n == 0 ? 1 : Deep(n - 1) + Deep(n - 1);\nDeep(62);")]
    public async Task A_cpu_bound_loop_that_ignores_its_token_stops_when_cancelled_and_the_session_goes_on(string loop)
    {
        var session = new ScriptSession(Fixtures.Folder);
        using var interrupt = new CancellationTokenSource();
        async Task<(CellOutcome Outcome, List<System.Text.Json.Nodes.JsonObject> Outputs)> Cell(string code, CancellationToken cancel)
        {
            var outputs = new List<System.Text.Json.Nodes.JsonObject>();
            var sink = new CellOutputSink(outputs, cancel);
            // Interrupt once the cell runs (not while it compiles): it writes "running" first.
            sink.Published += e => { if ((string?)e.Output["name"] == "stdout") interrupt.CancelAfter(300); };
            var outcome = await Task.Run(() => session.ExecuteAsync(code, new CellLabel(1, "t"), sink, 1, cancel));
            return (outcome, outputs);
        }
        Assert.Equal(CellStatus.Completed, (await Cell("var before = 41;", default)).Outcome.Status);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stopped = await Cell("Console.WriteLine(\"running\");\n" + loop, interrupt.Token);
        Assert.Equal(CellStatus.TimedOut, stopped.Outcome.Status);
        Assert.Equal("running\n", Outputs.StreamText(stopped.Outputs));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the loop took {clock.Elapsed.TotalSeconds:0.0} s to stop");
        var after = await Cell("before + 1", default);
        Assert.Equal("42", after.Outputs.Single().Text().Trim());
    }

    [Fact]
    public async Task A_formatter_that_throws_fails_the_cell_not_the_run()
    {
        var result = await Run.Cells(
            "using Microsoft.DotNet.Interactive.Formatting;\npublic record Bad(int X);\nFormatter.Register<Bad>(b => throw new FormatException(\"bad formatter\"), \"text/html\");",
            "new Bad(1)", "1 + 1");
        Assert.Equal(RunStatus.Failed, result.Status);
        var error = Assert.Single(result.CodeCells()[1].Outputs.OfType("error"));
        Assert.Contains("bad formatter", (string?)error["evalue"]);
    }
}
