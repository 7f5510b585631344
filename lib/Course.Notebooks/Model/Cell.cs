using System.Text.Json.Nodes;

namespace Course.Notebooks.Model;

/// <summary>One notebook cell (code, markdown or raw). Metadata and fields this engine does not know are kept.</summary>
public sealed class Cell
{
    /// <summary>The nbformat 4.5 cell id (<c>^[a-zA-Z0-9-_]+$</c>, 1-64 characters).</summary>
    public string Id { get; set; } = CellIds.New();

    /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType { get; set; } = CellTypes.Code;

    /// <summary>The cell's source as one string (lines joined with their line breaks).</summary>
    public string Source { get; set; } = "";

    /// <summary>Cell metadata, kept as read (tags, papermill, dotnet_interactive, polyglot_notebook, nbgrader...).</summary>
    public JsonObject Metadata { get; set; } = new();

    /// <summary>Outputs of a code cell, each an nbformat output object.</summary>
    public List<JsonObject> Outputs { get; } = [];

    /// <summary>Execution count of a code cell; null when not run.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Fields of the cell this engine does not model (e.g. <c>attachments</c>), written back as read.</summary>
    public JsonObject Extra { get; } = new();

    /// <summary>True for a code cell.</summary>
    public bool IsCode => CellType == CellTypes.Code;

    /// <summary>The cell's tags (metadata.tags).</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToList() : [];

    /// <summary>Whether the cell carries the given tag.</summary>
    public bool HasTag(string tag) => Tags.Contains(tag);

    /// <summary>Creates a code cell with the given source.</summary>
    public static Cell Code(string source, params string[] tags) => Create(CellTypes.Code, source, tags);

    /// <summary>Creates a markdown cell with the given source.</summary>
    public static Cell Markdown(string source, params string[] tags) => Create(CellTypes.Markdown, source, tags);

    private static Cell Create(string type, string source, string[] tags)
    {
        var cell = new Cell { CellType = type, Source = source };
        if (tags.Length > 0) cell.Metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode)t).ToArray());
        return cell;
    }
}

/// <summary>The nbformat cell types.</summary>
public static class CellTypes
{
    public const string Code = "code";
    public const string Markdown = "markdown";
    public const string Raw = "raw";
}
