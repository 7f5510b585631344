using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Model;

/// <summary>Reads and writes .ipynb files (nbformat 4; written as 4.5 with sources and texts as lists of lines).</summary>
public static class NotebookFile
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] KnownCellFields = ["id", "cell_type", "source", "metadata", "outputs", "execution_count"];
    private static readonly string[] KnownTopFields = ["cells", "metadata", "nbformat", "nbformat_minor"];

    /// <summary>Reads a notebook file; a clear <see cref="NotebookFormatException"/> names the file when it is not nbformat 4.</summary>
    public static Notebook Read(string path)
    {
        try { return Parse(File.ReadAllText(path)); }
        catch (NotebookFormatException e) { throw new NotebookFormatException($"{path}: {e.Message}"); }
        catch (JsonException e) { throw new NotebookFormatException($"{path}: not valid JSON ({e.Message})."); }
    }

    /// <summary>Parses notebook JSON text.</summary>
    public static Notebook Parse(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject root)
            throw new NotebookFormatException("the top level is not a JSON object.");
        var major = root["nbformat"]?.GetValue<int>() ?? 0;
        if (major != 4)
            throw new NotebookFormatException($"nbformat {major} is not supported; convert it to nbformat 4 (e.g. `jupyter nbconvert --to notebook`).");
        var nb = new Notebook { Metadata = (root["metadata"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject() };
        foreach (var (key, value) in root.ToList())
            if (!KnownTopFields.Contains(key)) nb.Extra[key] = value?.DeepClone();
        foreach (var node in root["cells"] as JsonArray ?? [])
            if (node is JsonObject c) nb.Cells.Add(ParseCell(c));
        nb.NormalizeIds();
        return nb;
    }

    private static Cell ParseCell(JsonObject c)
    {
        var cell = new Cell
        {
            Id = c["id"]?.GetValue<string>() ?? "",
            CellType = c["cell_type"]?.GetValue<string>() ?? CellTypes.Code,
            Source = JoinLines(c["source"]),
            Metadata = (c["metadata"] as JsonObject)?.DeepClone().AsObject() ?? new JsonObject(),
            ExecutionCount = c["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null,
        };
        foreach (var o in c["outputs"] as JsonArray ?? [])
            if (o is JsonObject output) cell.Outputs.Add(output.DeepClone().AsObject());
        foreach (var (key, value) in c)
            if (!KnownCellFields.Contains(key)) cell.Extra[key] = value?.DeepClone();
        return cell;
    }

    /// <summary>Joins an nbformat multiline string (a string or a list of strings).</summary>
    public static string JoinLines(JsonNode? node) => node switch
    {
        JsonArray a => string.Concat(a.Select(x => x?.GetValue<string>() ?? "")),
        JsonValue s when s.TryGetValue<string>(out var text) => text,
        _ => "",
    };

    /// <summary>Splits text into nbformat's list of lines, each keeping its trailing line break.</summary>
    public static JsonArray SplitLines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    /// <summary>The notebook as nbformat 4.5 JSON text.</summary>
    public static string Serialize(Notebook nb)
    {
        nb.NormalizeIds();
        var root = new JsonObject();
        var cells = new JsonArray();
        foreach (var cell in nb.Cells) cells.Add(CellToJson(cell));
        root["cells"] = cells;
        root["metadata"] = nb.Metadata.DeepClone();
        root["nbformat"] = 4;
        root["nbformat_minor"] = Math.Max(5, nb.NbFormatMinor);
        foreach (var (key, value) in nb.Extra) root[key] = value?.DeepClone();
        return root.ToJsonString(WriteOptions) + "\n";
    }

    private static JsonObject CellToJson(Cell cell)
    {
        var o = new JsonObject { ["cell_type"] = cell.CellType };
        if (cell.IsCode) o["execution_count"] = cell.ExecutionCount;
        o["id"] = cell.Id;
        o["metadata"] = cell.Metadata.DeepClone();
        if (cell.IsCode) o["outputs"] = new JsonArray(cell.Outputs.Select(x => (JsonNode)NormalizeOutput(x)).ToArray());
        o["source"] = SplitLines(cell.Source);
        foreach (var (key, value) in cell.Extra)
            if (cell.CellType != CellTypes.Code || key != "attachments") o[key] = value?.DeepClone();
        return o;
    }

    /// <summary>An output as nbformat stores it: texts as lists of lines, no transient fields.</summary>
    private static JsonObject NormalizeOutput(JsonObject output)
    {
        var o = output.DeepClone().AsObject();
        o.Remove("transient");
        if (o["text"] is { } text) o["text"] = SplitLines(JoinLines(text));   // a string, or a list of chunks
        if (o["data"] is JsonObject data)
            foreach (var (mime, value) in data.ToList())
                if (value is JsonValue s && s.TryGetValue<string>(out var str) && mime.StartsWith("text/", StringComparison.Ordinal))
                    data[mime] = SplitLines(str);
        return o;
    }

    /// <summary>Writes the notebook atomically (a temporary file beside it, then a rename).</summary>
    public static void Write(Notebook nb, string path) => AtomicFile.WriteAllText(path, Serialize(nb));
}

/// <summary>A notebook file that is not valid nbformat 4; the message names the file and the fix.</summary>
public sealed class NotebookFormatException(string message) : Exception(message);
