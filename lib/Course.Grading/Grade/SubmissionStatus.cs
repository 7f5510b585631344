namespace Course.Grading.Grade;

/// <summary>How a submission's run ended; anything but Completed is reported with its reason in the gradebook.</summary>
public enum SubmissionStatus
{
    /// <summary>Every cell ran (some may have failed: those tests score 0).</summary>
    Completed,
    /// <summary>A cell ran past the per-cell limit; the cells after it did not run.</summary>
    CellTimeout,
    /// <summary>The whole submission ran past the total limit and was stopped.</summary>
    TotalTimeout,
    /// <summary>The submission's processes went over the memory limit and were stopped.</summary>
    MemoryLimit,
    /// <summary>The process died: Environment.Exit, a stack overflow, a native crash.</summary>
    ProcessDied,
    /// <summary>The submission is not a readable notebook.</summary>
    InvalidNotebook,
    /// <summary>The executed notebook does not hold the tests that were run (it was overwritten by the submission).</summary>
    Tampered,
}
