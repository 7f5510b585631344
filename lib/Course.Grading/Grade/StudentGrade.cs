using System.Text.Json.Serialization;
using Course.Grading.Deadlines;
using Course.Grading.Regrade;

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
    /// <summary>The points the cells earned, before any late penalty (nbgrader's raw_score).</summary>
    [JsonPropertyName("raw_score")] public double RawScore { get; init; }
    /// <summary>When the student submitted (ISO 8601, UTC), from timestamp.txt or the submission's modification time.</summary>
    [JsonPropertyName("timestamp")] public string Timestamp { get; init; } = "";
    /// <summary>The due date the run had (ISO 8601), or "" without one.</summary>
    [JsonPropertyName("duedate")] public string DueDate { get; init; } = "";
    /// <summary>How late the submission was, in seconds (0 when on time or without a due date).</summary>
    [JsonPropertyName("seconds_late")] public double SecondsLate { get; init; }
    /// <summary>The late policy (<see cref="LatePolicy"/>: none, zero, per-hour:P).</summary>
    [JsonPropertyName("late_policy")] public string LatePolicy { get; init; } = "none";
    [JsonPropertyName("late_submission_penalty")] public double LatePenalty { get; init; }
    /// <summary>Torch intra-op (and OpenMP/BLAS) threads the submission ran with: the cores divided by the jobs.</summary>
    [JsonPropertyName("threads")] public int Threads { get; init; }
    /// <summary>Hash of the key notebook this grade was computed with (<see cref="GradingFingerprint"/>).</summary>
    [JsonPropertyName("key_hash")] public string KeyHash { get; init; } = "";
    /// <summary>Hash of the library build the key's cells loaded.</summary>
    [JsonPropertyName("build_hash")] public string BuildHash { get; init; } = "";
    /// <summary>Hash of the profile and parameters the notebook ran with.</summary>
    [JsonPropertyName("profile_hash")] public string ProfileHash { get; init; } = "";
    /// <summary>The shard (K/N) that graded it, "" for a run over the whole class.</summary>
    [JsonPropertyName("shard")] public string Shard { get; init; } = "";

    /// <summary>What the grade was computed from; null for a grade from before fingerprints were recorded.</summary>
    [JsonIgnore] public GradingFingerprint? Fingerprint => KeyHash.Length == 0 ? null : new GradingFingerprint(KeyHash, BuildHash, ProfileHash);

    /// <summary>The grade stamped with the fingerprint of the run that computed it.</summary>
    public StudentGrade WithFingerprint(GradingFingerprint f) => this with { KeyHash = f.Key, BuildHash = f.Build, ProfileHash = f.Profile };

    /// <summary>The grade with its submission time, the due date and the late policy applied (the score recomputed).</summary>
    public StudentGrade WithDeadline(DateTimeOffset? submitted, DateTimeOffset? due, LatePolicy policy)
    {
        double late = submitted is { } s && due is { } d && s > d ? (s - d).TotalSeconds : 0;
        return (this with
        {
            Timestamp = submitted?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff") ?? "",
            DueDate = due?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff") ?? "",
            SecondsLate = Math.Round(late, 3), LatePolicy = policy.ToString(),
        }).WithCells(Cells);
    }

    /// <summary>Recomputes the raw score from the cells (after manual marks are merged), the late penalty and the score.</summary>
    public StudentGrade WithCells(Dictionary<string, double?> cells)
    {
        double raw = cells.Values.Sum(v => v ?? 0);
        double penalty = Deadlines.LatePolicy.Parse(LatePolicy).Penalty(raw, SecondsLate);
        return this with
        {
            Cells = cells, RawScore = raw, LatePenalty = penalty, Score = raw - penalty,
            NeedsManual = cells.Where(c => c.Value is null).Select(c => c.Key).ToList(),
        };
    }
}
