using System.Text.Json.Serialization;

namespace Course.Cli.Running;

/// <summary>How one notebook's run ended, as the child process reports it (result file) or the parent observed it.</summary>
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
}
