using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Notebooks.Worker;

/// <summary>
/// Trims a cell's outputs to fit one reply: errors and trailing values are always kept (when they are large, cut to
/// their plain text and a few KB, since they say how the cell ended); streams and displays are kept in order while they fit, the stream that
/// crosses the budget is cut, and a note says how much was left out.
/// </summary>
public static class ReplyBudget
{
    /// <summary>Longest text kept in an error's or a trailing value's fields.</summary>
    public const int EssentialChars = 16_384;

    /// <summary>The outputs that fit in <paramref name="maxBytes"/> of JSON, and the bytes left out.</summary>
    public static (JsonArray Outputs, long TrimmedBytes) Fit(IReadOnlyList<JsonObject> outputs, int maxBytes)
    {
        var essential = outputs.Where(IsEssential).Select(o => o.DeepClone().AsObject()).ToList();
        if (essential.Sum(Size) > maxBytes / 2) essential = essential.Select(Cut).ToList();
        long used = essential.Sum(Size);
        long trimmed = 0;
        var kept = new List<JsonObject>();
        foreach (var output in outputs)
        {
            if (IsEssential(output)) { kept.Add(essential[0]); essential.RemoveAt(0); continue; }
            long size = Size(output);
            if (used + size <= maxBytes) { kept.Add(output.DeepClone().AsObject()); used += size; continue; }
            if ((string?)output["output_type"] == "stream" && maxBytes - used > 256)
            {
                var text = NotebookFile.JoinLines(output["text"]);
                int room = (int)Math.Min(text.Length, (maxBytes - used - 256) / 2);   // JSON may double a character
                var cut = Model.Outputs.Stream((string?)output["name"] ?? "stdout", text[..room]);
                kept.Add(cut);
                used += Size(cut);
                trimmed += size - Size(cut);
                continue;
            }
            trimmed += size;
        }
        if (trimmed > 0) kept.Add(Model.Outputs.Stream("stderr", $"\n[{trimmed:N0} bytes of this cell's output were not kept: a cell's reply is capped at {maxBytes:N0} bytes]\n"));
        return (new JsonArray(kept.Select(o => (JsonNode)o).ToArray()), trimmed);
    }

    private static bool IsEssential(JsonObject output) => (string?)output["output_type"] is "error" or "execute_result";

    private static long Size(JsonObject output) => JsonSerializer.SerializeToUtf8Bytes(output).LongLength;

    /// <summary>An error or trailing value with its long texts cut.</summary>
    private static JsonObject Cut(JsonObject output)
    {
        if (output["evalue"] is JsonValue v && v.TryGetValue<string>(out var evalue) && evalue.Length > EssentialChars)
            output["evalue"] = evalue[..EssentialChars] + "…";
        if (output["traceback"] is JsonArray tb && tb.Count > 60)
            output["traceback"] = new JsonArray(tb.Take(60).Select(t => t?.DeepClone()).ToArray());
        if (output["data"] is JsonObject data)
            foreach (var (mime, value) in data.ToList())
            {
                var text = value is JsonObject ? null : NotebookFile.JoinLines(value);
                if (mime != "text/plain") data.Remove(mime);
                else if (text is not null && text.Length > EssentialChars) data[mime] = text[..EssentialChars] + "…";
            }
        return output;
    }
}
