using System.Text.Json.Nodes;

namespace Course.Notebooks.Execution;

/// <summary>How a cell's execution ended.</summary>
public enum CellStatus
{
    /// <summary>Ran to the end.</summary>
    Completed,
    /// <summary>A directive, compile or runtime error.</summary>
    Failed,
    /// <summary>Ran past the per-cell timeout and was cancelled.</summary>
    TimedOut,
}

/// <summary>The outcome of one cell: its status and, for failures, the error output written to the cell.</summary>
public sealed record CellOutcome(CellStatus Status, JsonObject? Error = null)
{
    /// <summary>When a timed-out cell did not stop after cancellation, the script state can no longer be used.</summary>
    public bool SessionBroken { get; init; }

    /// <summary>A completed outcome.</summary>
    public static CellOutcome Completed { get; } = new(CellStatus.Completed);
}
