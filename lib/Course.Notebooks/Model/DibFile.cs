using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Model;

/// <summary>
/// Reads and writes .dib files, the plain text format Polyglot Notebooks saves by default: an optional <c>#!meta</c> part
/// holding the notebook's metadata as one JSON line, then each cell after a line naming its kernel (<c>#!csharp</c>,
/// <c>#!markdown</c>, <c>#!fsharp</c>...), blank lines around cells trimmed. The kernels a line may name are those of the
/// metadata's <c>kernelInfo</c> and Polyglot's own (see <see cref="Dialect.KernelNames"/>); other <c>#!</c> lines (magic
/// commands) stay in their cell. Cell metadata, which the format has no place for (tags such as <c>parameters</c>), is kept
/// in the <c>#!meta</c> JSON under <see cref="CellMetadataKey"/>, by cell position; Polyglot carries it along unread.
/// </summary>
public static class DibFile
{
    /// <summary>The file extension.</summary>
    public const string Extension = ".dib";

    /// <summary>The <c>#!meta</c> key holding the metadata of cells that have any, by 0-based position.</summary>
    public const string CellMetadataKey = "labs_cell_metadata";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Whether a path names a .dib file.</summary>
    public static bool IsDib(string path) => Path.GetExtension(path).Equals(Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a .dib file; a bad <c>#!meta</c> part is a <see cref="NotebookFormatException"/> naming the file.</summary>
    public static Notebook Read(string path)
    {
        try { return Parse(File.ReadAllText(path)); }
        catch (NotebookFormatException e) { throw new NotebookFormatException($"{path}: {e.Message}"); }
    }

    /// <summary>Parses .dib text into a notebook: markdown cells and code cells that name their kernel in their metadata.</summary>
    public static Notebook Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0) lines = lines[..^1];
        var nb = Notebook.NewCSharp();
        var kernelInfo = DefaultKernelInfo();
        var aliases = Aliases(kernelInfo);
        var cells = new List<(string Kernel, List<string> Lines)>();
        var kernel = Dialect.KernelNames.CSharp;
        var current = new List<string>();
        JsonObject? cellMetadata = null;
        var foundMeta = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!foundMeta && line.StartsWith("#!meta", StringComparison.Ordinal))
            {
                foundMeta = true;
                var json = new StringBuilder();
                while (i < lines.Length - 1 && !lines[i + 1].StartsWith("#!", StringComparison.Ordinal)) json.AppendLine(lines[++i]);
                var meta = ParseMeta(json.ToString());
                if (meta["kernelInfo"] is JsonObject declared)
                {
                    kernelInfo = declared;
                    foreach (var (alias, name) in Aliases(declared)) aliases[alias] = name;
                    meta.Remove("kernelInfo");
                }
                cellMetadata = meta[CellMetadataKey] as JsonObject;
                meta.Remove(CellMetadataKey);
                foreach (var (key, value) in meta.ToList()) nb.Metadata[key] = value?.DeepClone();
                continue;
            }
            if (line.StartsWith("#!", StringComparison.Ordinal) && aliases.TryGetValue(line[2..], out var selected))
            {
                cells.Add((kernel, current));
                kernel = selected;
                current = [];
            }
            else current.Add(line);
        }
        cells.Add((kernel, current));

        nb.Metadata["polyglot_notebook"] = new JsonObject { ["kernelInfo"] = kernelInfo.DeepClone() };
        foreach (var (cellKernel, cellLines) in cells)
        {
            var start = cellLines.FindIndex(l => l.Length > 0);
            if (start < 0) continue;
            var end = cellLines.FindLastIndex(l => l.Length > 0);
            var source = string.Join('\n', cellLines.Skip(start).Take(end - start + 1));
            var cell = cellKernel == Dialect.KernelNames.Markdown ? Cell.Markdown(source) : Cell.Code(source);
            if (cell.IsCode) SetKernel(cell, cellKernel);
            if (cellMetadata?[nb.Cells.Count.ToString()] is JsonObject kept)
                foreach (var (key, value) in kept) cell.Metadata[key] = value?.DeepClone();
            if ((string?)cell.Metadata["labs_cell_type"] is { } cellType)
            {
                cell.CellType = cellType;
                cell.Metadata.Remove("labs_cell_type");
            }
            cell.Id = StableId(nb.Cells.Count, source);
            nb.Cells.Add(cell);
        }
        nb.NormalizeIds();
        return nb;
    }

    /// <summary>The notebook as .dib text (outputs are not part of the format).</summary>
    public static string Serialize(Notebook nb)
    {
        var meta = new JsonObject();
        var kernelInfo = nb.Metadata["polyglot_notebook"]?["kernelInfo"] as JsonObject ?? DefaultKernelInfo();
        // The .dib format implies Polyglot's kernelspec and language; the run record belongs to an executed .ipynb.
        var implied = Notebook.NewCSharp().Metadata;
        foreach (var (key, value) in nb.Metadata)
            if (key is not ("polyglot_notebook" or "papermill") && !JsonNode.DeepEquals(value, implied[key]))
                meta[key] = value?.DeepClone();
        var kept = new JsonObject();
        var lines = new List<string>();
        var written = 0;
        foreach (var cell in nb.Cells)
        {
            var source = cell.Source.Replace("\r\n", "\n").Split('\n').SkipWhile(l => l.Length == 0).ToList();
            while (source.Count > 0 && source[^1].Length == 0) source.RemoveAt(source.Count - 1);
            if (source.Count == 0) continue;
            var metadata = cell.Metadata.DeepClone().AsObject();
            metadata.Remove("polyglot_notebook");
            metadata.Remove("dotnet_interactive");
            metadata.Remove("papermill");
            if (cell.CellType == CellTypes.Raw) metadata["labs_cell_type"] = CellTypes.Raw;
            if (metadata.Count > 0) kept[written.ToString()] = metadata;
            lines.Add("#!" + (cell.IsCode ? KernelOf(cell, (string?)kernelInfo["defaultKernelName"]) : Dialect.KernelNames.Markdown));
            lines.Add("");
            lines.AddRange(source);
            lines.Add("");
            written++;
        }
        if (kept.Count > 0) meta[CellMetadataKey] = kept;
        var header = new JsonObject { ["kernelInfo"] = kernelInfo.DeepClone() };
        foreach (var (key, value) in meta) header[key] = value?.DeepClone();
        lines.InsertRange(0, ["#!meta", "", header.ToJsonString(Compact), ""]);
        return string.Join('\n', lines);
    }

    /// <summary>Writes the notebook as a .dib file, atomically.</summary>
    public static void Write(Notebook nb, string path) => AtomicFile.WriteAllText(path, Serialize(nb));

    /// <summary>The kernel a code cell runs in: its metadata's (Polyglot's, then the older dotnet_interactive), else the default.</summary>
    public static string KernelOf(Cell cell, string? defaultKernel = null)
        => (string?)cell.Metadata["polyglot_notebook"]?["kernelName"]
           ?? (string?)cell.Metadata["dotnet_interactive"]?["language"]
           ?? defaultKernel ?? Dialect.KernelNames.CSharp;

    /// <summary>Sets a code cell's kernel the way Polyglot writes it in a .ipynb.</summary>
    public static void SetKernel(Cell cell, string kernel)
    {
        cell.Metadata["dotnet_interactive"] = new JsonObject { ["language"] = kernel };
        cell.Metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel };
    }

    private static JsonObject ParseMeta(string json)
    {
        if (json.Trim().Length == 0) return [];
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new NotebookFormatException("the #!meta part is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"the #!meta part is not valid JSON ({e.Message}); fix it or remove the #!meta line and the JSON after it.");
        }
    }

    private static JsonObject DefaultKernelInfo() => new()
    {
        ["defaultKernelName"] = Dialect.KernelNames.CSharp,
        ["items"] = new JsonArray(Dialect.KernelNames.All.Select(k => (JsonNode)new JsonObject
        {
            ["aliases"] = new JsonArray(k.Aliases.Select(a => (JsonNode)a).ToArray()), ["languageName"] = k.Language, ["name"] = k.Name,
        }).ToArray()),
    };

    private static Dictionary<string, string> Aliases(JsonObject kernelInfo)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal) { ["markdown"] = "markdown", ["md"] = "markdown" };
        foreach (var (name, _, names) in Dialect.KernelNames.All)
        {
            aliases[name] = name;
            foreach (var alias in names) aliases[alias] = name;
        }
        foreach (var item in kernelInfo["items"] as JsonArray ?? [])
        {
            if ((string?)item?["name"] is not { } name) continue;
            aliases[name] = name;
            foreach (var alias in item["aliases"] as JsonArray ?? []) if ((string?)alias is { } a) aliases[a] = name;
        }
        return aliases;
    }

    private static string StableId(int index, string source)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{index}\n{source}")))[..8];
}
