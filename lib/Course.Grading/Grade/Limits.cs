namespace Course.Grading.Grade;

/// <summary>The limits one submission runs under.</summary>
/// <param name="CellTimeout">Per-cell time limit.</param>
/// <param name="TotalTimeout">Limit for the whole submission, start to finish.</param>
/// <param name="MemoryMegabytes">Memory of the submission's processes together (its cgroup's limit); 0 for no limit.</param>
public sealed record Limits(TimeSpan CellTimeout, TimeSpan TotalTimeout, long MemoryMegabytes)
{
    /// <summary>The largest submitted notebook file read.</summary>
    public long MaxNotebookBytes { get; init; } = 64L << 20;

    /// <summary>The most bytes of one cell's reply (its outputs) the grader reads; the worker trims outputs to fit.</summary>
    public int MaxCellOutputBytes { get; init; } = 2 << 20;

    /// <summary>The most bytes of outputs kept for a whole notebook; later outputs are replaced by a note.</summary>
    public long MaxNotebookOutputBytes { get; init; } = 16L << 20;

    /// <summary>The most outputs one cell keeps (errors and trailing values always are).</summary>
    public int MaxOutputsPerCell { get; init; } = 1000;

    /// <summary>The most processes and threads the submission may have at once (its cgroup's pids.max).</summary>
    public int MaxTasks { get; init; } = 1024;

    /// <summary>How long a cell past its limit gets to stop before the worker gives its state up.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(5);
}
