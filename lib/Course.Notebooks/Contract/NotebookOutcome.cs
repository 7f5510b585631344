using System.Text.Json;
using System.Text.Json.Serialization;
using Course.Notebooks.Model;

namespace Course.Notebooks.Contract;

/// <summary>
/// How one notebook's run ended: written by the notebook's process (<c>labs run-one</c>) as its result file, read by
/// <c>labs run</c>, which fills it in itself when the process died.
/// </summary>
public sealed record NotebookOutcome
{
    [JsonPropertyName("notebook")] public string Notebook { get; init; } = "";
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    [JsonPropertyName("exit_code")] public int ExitCode { get; init; }
    [JsonPropertyName("cells_run")] public int CellsRun { get; init; }
    [JsonPropertyName("code_cells")] public int CodeCells { get; init; }
    [JsonPropertyName("duration_s")] public double DurationSeconds { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("warnings")] public List<string> Warnings { get; init; } = [];
    [JsonPropertyName("output_notebook")] public string? OutputNotebook { get; init; }
    [JsonPropertyName("output_html")] public string? OutputHtml { get; init; }

    /// <summary>Status names as shown in the summary and index.</summary>
    public static class Statuses
    {
        public const string Passed = "passed";
        public const string Failed = "failed";
        public const string TimedOut = "timed_out";
        public const string Dead = "dead";
        public const string Usage = "usage_error";
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the record atomically as JSON.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Indented));

    /// <summary>Reads a record written by <see cref="Write"/>; null when the file is missing or not a record.</summary>
    public static NotebookOutcome? TryRead(string path)
    {
        try { return File.Exists(path) ? JsonSerializer.Deserialize<NotebookOutcome>(File.ReadAllText(path)) : null; }
        catch (JsonException) { return null; }
    }
}
