using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;

namespace Course.Notebooks.Tests.Engine;

/// <summary>A cell's output sink under limits: linear time for many small writes, the excess dropped and counted.</summary>
public class OutputLimitsTests
{
    [Fact]
    public void A_million_one_character_writes_cost_linear_time_and_keep_only_the_cap()
    {
        var outputs = new List<JsonObject>();
        var sink = new CellOutputSink(outputs, CancellationToken.None) { Limits = new OutputLimits(MaxStreamChars: 100_000, MaxOutputs: 5) };
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 1_000_000; i++) sink.Stream("stdout", "x");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed.TotalSeconds:0.0} s");
        sink.Close();
        var text = NotebookFile.JoinLines(Assert.Single(outputs)["text"]);
        Assert.StartsWith(new string('x', 100_000) + "\n[output capped: 900,000 more characters", text);
        Assert.Equal((900_000L, 0), sink.Dropped);
    }

    [Fact]
    public void Outputs_past_the_cap_are_dropped_but_errors_and_trailing_values_are_kept()
    {
        var outputs = new List<JsonObject>();
        var sink = new CellOutputSink(outputs, CancellationToken.None) { Limits = new OutputLimits(MaxStreamChars: 1000, MaxOutputs: 3) };
        for (int i = 0; i < 10; i++) sink.Add(Outputs.DisplayData(new JsonObject { ["text/plain"] = $"{i}" }));
        sink.Add(Outputs.ExecuteResult(new JsonObject { ["text/plain"] = "42" }, 1));
        sink.Add(Outputs.Error("Exception", "boom", []));
        sink.Close();
        Assert.Equal(["display_data", "display_data", "display_data", "execute_result", "error", "stream"], outputs.Select(o => (string?)o["output_type"]));
        Assert.Contains("7 more outputs", NotebookFile.JoinLines(outputs[^1]["text"]));
    }

    [Fact]
    public void Stream_chunks_are_written_back_as_lines()
    {
        var outputs = new List<JsonObject>();
        var sink = new CellOutputSink(outputs, CancellationToken.None);
        foreach (var piece in new[] { "a", "b\nc", "d\n", "e" }) sink.Stream("stdout", piece);
        var nb = Notebook.NewCSharp();
        var cell = Cell.Code("x");
        cell.Outputs.AddRange(outputs);
        nb.Cells.Add(cell);
        var written = (JsonObject)JsonNode.Parse(NotebookFile.Serialize(nb))!["cells"]![0]!["outputs"]![0]!;
        Assert.Equal("[\"ab\\n\",\"cd\\n\",\"e\"]", written["text"]!.ToJsonString());
    }
}
