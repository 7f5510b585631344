using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Notebooks.Output;

/// <summary>
/// Collects the outputs of the cell being executed: streams (consecutive writes to one stream merged),
/// displays, results, errors. Thread-safe: a cell's background tasks may write to it.
/// </summary>
public sealed class CellOutputSink(List<JsonObject> outputs, CancellationToken cancellation)
{
    private static readonly object Gate = new();

    /// <summary>Cancelled when the cell times out or the run is stopped; long-running cells should observe it.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Raised after an output is added or updated in place (the kernel forwards these as messages).</summary>
    public event Action<OutputEvent>? Published;

    /// <summary>
    /// Reads a line of input for the cell (prompt, whether it is a password); null when the cell has no input, as in a
    /// headless run: then Console.ReadLine returns null (end of input). The kernel sets it to ask the front end.
    /// </summary>
    public Func<string, bool, string?>? InputReader { get; init; }

    /// <summary>The cell's outputs so far.</summary>
    public IReadOnlyList<JsonObject> Outputs { get { lock (Gate) return outputs.ToList(); } }

    /// <summary>Appends stream text (<c>stdout</c>/<c>stderr</c>), merged into the previous output when it is the same stream.</summary>
    public void Stream(string name, string text)
    {
        if (text.Length == 0) return;
        lock (Gate)
        {
            if (outputs.Count > 0 && outputs[^1] is var last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
                last["text"] = NotebookFile.JoinLines(last["text"]) + text;
            else
                outputs.Add(Model.Outputs.Stream(name, text));
        }
        Published?.Invoke(new OutputEvent(Model.Outputs.Stream(name, text), null, IsUpdate: false));
    }

    /// <summary>Adds an output; <paramref name="displayId"/> names a display that can later be updated.</summary>
    public void Add(JsonObject output, string? displayId = null)
    {
        lock (Gate) outputs.Add(output);
        Published?.Invoke(new OutputEvent(output, displayId, IsUpdate: false));
    }

    /// <summary>Clears the cell's outputs so far (Jupyter's clear_output; <paramref name="wait"/> asks front ends to clear when the next output arrives).</summary>
    public void Clear(bool wait = false)
    {
        lock (Gate) outputs.Clear();
        Published?.Invoke(new OutputEvent(new JsonObject { ["output_type"] = "clear_output", ["wait"] = wait }, null, IsUpdate: false));
    }

    /// <summary>Replaces the data of an output added earlier (an update_display_data), wherever its cell is.</summary>
    public void Update(JsonObject output, JsonObject data, string displayId)
    {
        lock (Gate) output["data"] = data;
        Published?.Invoke(new OutputEvent(Model.Outputs.DisplayData(data.DeepClone().AsObject()), displayId, IsUpdate: true));
    }

    /// <summary>A line of input from the user, or null when this cell cannot ask for one.</summary>
    public string? ReadInput(string prompt, bool password) => InputReader?.Invoke(prompt, password);
}

/// <summary>An output as it happens: new, or an update of the display named <paramref name="DisplayId"/>.</summary>
public sealed record OutputEvent(JsonObject Output, string? DisplayId, bool IsUpdate);
