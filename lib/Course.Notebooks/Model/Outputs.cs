using System.Text.Json.Nodes;

namespace Course.Notebooks.Model;

/// <summary>Builds nbformat output objects (stream, display_data, execute_result, error).</summary>
public static class Outputs
{
    /// <summary>A stream output (<c>stdout</c> or <c>stderr</c>).</summary>
    public static JsonObject Stream(string name, string text)
        => new() { ["output_type"] = "stream", ["name"] = name, ["text"] = text };

    /// <summary>A display_data output with a MIME bundle.</summary>
    public static JsonObject DisplayData(JsonObject data)
        => new() { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() };

    /// <summary>An execute_result output (a cell's trailing value).</summary>
    public static JsonObject ExecuteResult(JsonObject data, int executionCount)
        => new()
        {
            ["output_type"] = "execute_result", ["data"] = data, ["metadata"] = new JsonObject(),
            ["execution_count"] = executionCount,
        };

    /// <summary>An error output.</summary>
    public static JsonObject Error(string ename, string evalue, IEnumerable<string> traceback)
        => new()
        {
            ["output_type"] = "error", ["ename"] = ename, ["evalue"] = evalue,
            ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode)t).ToArray()),
        };

    /// <summary>The joined text of all stream outputs with the given name.</summary>
    public static string StreamText(IEnumerable<JsonObject> outputs, string name = "stdout")
        => string.Concat(outputs.Where(o => (string?)o["output_type"] == "stream" && (string?)o["name"] == name)
            .Select(o => NotebookFile.JoinLines(o["text"])));
}
