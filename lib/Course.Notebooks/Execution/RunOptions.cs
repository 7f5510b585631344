using Course.Notebooks.Model;
using Course.Notebooks.Packages;

namespace Course.Notebooks.Execution;

/// <summary>How a notebook is executed.</summary>
public sealed record RunOptions
{
    /// <summary>Per-cell timeout; null for none.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>How long a timed-out cell gets to observe its cancellation before its state is abandoned.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How much output a cell may keep; default none (a grader caps it).</summary>
    public OutputLimits OutputLimits { get; init; } = OutputLimits.None;

    /// <summary>Keep running after a failed cell (the notebook still counts as failed).</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>The folder scripts run in and relative paths resolve against; default the notebook's folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Restores #r "nuget:" references; default the per-user cache.</summary>
    public NuGetRestorer? Restorer { get; init; }

    /// <summary>Native library replacements; default discovered from the notebook's folder.</summary>
    public NativeFixes? NativeFixes { get; init; }

    /// <summary>Called when a code cell starts, with the notebook so far (progress; saving it shows which cell was running).</summary>
    public Action<Notebook, CellProgress>? CellStarting { get; init; }

    /// <summary>Called after each cell with the notebook so far (e.g. to save it).</summary>
    public Action<Notebook, CellProgress>? CellFinished { get; init; }
}
