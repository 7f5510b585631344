using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Notebooks.Execution;

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

    /// <summary>The cell's outputs so far.</summary>
    public IReadOnlyList<JsonObject> Outputs { get { lock (Gate) return outputs.ToList(); } }

    /// <summary>What this cell may keep (default: no limit); what goes past it is dropped and counted.</summary>
    public OutputLimits Limits { get; init; } = OutputLimits.None;

    private long streamChars, droppedChars;
    private int droppedOutputs;

    /// <summary>Characters and outputs dropped so far because of <see cref="Limits"/>.</summary>
    public (long Characters, int Outputs) Dropped { get { lock (Gate) return (droppedChars, droppedOutputs); } }

    /// <summary>
    /// Appends stream text (<c>stdout</c>/<c>stderr</c>), merged into the previous output when it is the same stream.
    /// The text is kept as nbformat's list of strings, appended to in chunks, so that many small writes cost linear time.
    /// </summary>
    public void Stream(string name, string text)
    {
        if (text.Length == 0) return;
        lock (Gate)
        {
            long room = Limits.MaxStreamChars - streamChars;
            if (room < text.Length)
            {
                droppedChars += text.Length - Math.Max(0, room);
                if (room <= 0) return;
                text = text[..(int)room];
            }
            streamChars += text.Length;
            if (outputs.Count > 0 && outputs[^1] is var last && (string?)last["output_type"] == "stream" && (string?)last["name"] == name)
                AppendChunk(last, text);
            else if (outputs.Count < Limits.MaxOutputs)
                outputs.Add(Model.Outputs.Stream(name, text));
            else { droppedOutputs++; return; }
        }
        Published?.Invoke(new OutputEvent(Model.Outputs.Stream(name, text), null, IsUpdate: false));
    }

    private const int ChunkChars = 8192;

    private static void AppendChunk(JsonObject stream, string text)
    {
        if (stream["text"] is not JsonArray chunks)
        {
            chunks = [NotebookFile.JoinLines(stream["text"])];
            stream["text"] = chunks;
        }
        if (chunks.Count > 0 && chunks[^1]?.GetValue<string>() is { } tail && tail.Length + text.Length <= ChunkChars)
            chunks[^1] = tail + text;
        else
            chunks.Add(text);
    }

    /// <summary>
    /// Ends the cell's output: when output was dropped, a note saying how much goes at the end of its stream.
    /// </summary>
    public void Close()
    {
        lock (Gate)
        {
            if (droppedChars == 0 && droppedOutputs == 0) return;
            var note = OutputLimits.DroppedNote(droppedChars, droppedOutputs, Limits);
            if (outputs.Count > 0 && (string?)outputs[^1]["output_type"] == "stream") AppendChunk(outputs[^1], note);
            else outputs.Add(Model.Outputs.Stream("stderr", note));
        }
    }

    /// <summary>Adds an output; <paramref name="displayId"/> names a display that can later be updated.</summary>
    public void Add(JsonObject output, string? displayId = null)
    {
        lock (Gate)
        {
            // Errors and trailing values are always kept: they say how the cell ended.
            if (outputs.Count >= Limits.MaxOutputs && (string?)output["output_type"] is not ("error" or "execute_result")) { droppedOutputs++; return; }
            outputs.Add(output);
        }
        Published?.Invoke(new OutputEvent(output, displayId, IsUpdate: false));
    }

    /// <summary>Clears the cell's outputs so far (Jupyter's clear_output; <paramref name="wait"/> asks front ends to clear when the next output arrives).</summary>
    public void Clear(bool wait = false)
    {
        lock (Gate) { outputs.Clear(); streamChars = 0; }
        Published?.Invoke(new OutputEvent(new JsonObject { ["output_type"] = "clear_output", ["wait"] = wait }, null, IsUpdate: false));
    }

    /// <summary>Replaces the data of an output added earlier (an update_display_data), wherever its cell is.</summary>
    public void Update(JsonObject output, JsonObject data, string displayId)
    {
        lock (Gate) output["data"] = data;
        Published?.Invoke(new OutputEvent(Model.Outputs.DisplayData(data.DeepClone().AsObject()), displayId, IsUpdate: true));
    }
}

/// <summary>An output as it happens: new, or an update of the display named <paramref name="DisplayId"/>.</summary>
public sealed record OutputEvent(JsonObject Output, string? DisplayId, bool IsUpdate);
