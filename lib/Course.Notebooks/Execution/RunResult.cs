using Course.Notebooks.Model;

namespace Course.Notebooks.Execution;

/// <summary>How a notebook run ended, best first.</summary>
public enum RunStatus
{
    /// <summary>Every cell completed.</summary>
    Passed,
    /// <summary>A cell failed (compile error, exception, directive error).</summary>
    Failed,
    /// <summary>A cell ran past its timeout.</summary>
    TimedOut,
}

/// <summary>The executed notebook and how the run went.</summary>
public sealed record RunResult(Notebook Notebook, RunStatus Status, TimeSpan Duration, string? FirstError, int CellsRun);
