using System.Text.Json.Serialization;

namespace Course.Grading.Grade;

/// <summary>One student's line of the gradebook.</summary>
public sealed record StudentGrade
{
    [JsonPropertyName("student")] public required string Student { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("reason")] public string Reason { get; init; } = "";
    [JsonPropertyName("score")] public double Score { get; init; }
    [JsonPropertyName("max_score")] public double MaxScore { get; init; }
    /// <summary>Points per graded cell (grade_id); null for a written answer not yet marked.</summary>
    [JsonPropertyName("cells")] public Dictionary<string, double?> Cells { get; init; } = [];
    [JsonPropertyName("outcomes")] public Dictionary<string, string> Outcomes { get; init; } = [];
    [JsonPropertyName("needs_manual")] public List<string> NeedsManual { get; init; } = [];
    [JsonPropertyName("notes")] public List<string> Notes { get; init; } = [];
    /// <summary>What an instructor should look at by hand (a copy of the key, code that can reach the grading process).</summary>
    [JsonPropertyName("review")] public List<string> Review { get; init; } = [];
    /// <summary>How the submission was isolated (the sandbox and the cgroup), or why it was not run.</summary>
    [JsonPropertyName("isolation")] public string Isolation { get; init; } = "";
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("peak_mb")] public long PeakMegabytes { get; init; }
    /// <summary>The end of the notebook process's standard error (diagnostics; at most a few KB).</summary>
    [JsonPropertyName("stderr_tail")] public string ErrorTail { get; init; } = "";

    /// <summary>Recomputes the score from the cells (after manual marks are merged).</summary>
    public StudentGrade WithCells(Dictionary<string, double?> cells) => this with
    {
        Cells = cells,
        Score = cells.Values.Sum(v => v ?? 0),
        NeedsManual = cells.Where(c => c.Value is null).Select(c => c.Key).ToList(),
    };
}
