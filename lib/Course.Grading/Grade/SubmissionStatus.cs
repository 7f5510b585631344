namespace Course.Grading.Grade;

/// <summary>How a submission's grading ended; anything but Completed is reported with its reason in the gradebook.</summary>
public enum SubmissionStatus
{
    /// <summary>Every cell ran (some may have failed: those tests score 0).</summary>
    Completed,
    /// <summary>A cell ran past the per-cell limit; the cells after it did not run.</summary>
    CellTimeout,
    /// <summary>The whole submission ran past the total limit and was stopped.</summary>
    TotalTimeout,
    /// <summary>The submission's processes went over the memory limit (its cgroup's OOM kill, or an OutOfMemoryException).</summary>
    MemoryLimit,
    /// <summary>The notebook process died: Environment.Exit, a stack overflow, a native crash.</summary>
    ProcessDied,
    /// <summary>The submission is not a notebook that can be graded: malformed, a link, a FIFO, too large.</summary>
    InvalidNotebook,
    /// <summary>The notebook process broke the worker protocol (a forged or out-of-turn message): its results are void.</summary>
    Tampered,
    /// <summary>A student declaration changes what a name in a test means; those tests score 0.</summary>
    Shadowing,
    /// <summary>The submission's name is not a usable student id; it was not graded.</summary>
    InvalidStudentId,
    /// <summary>Grading this submission failed in the grader itself; the message says how. The class run went on.</summary>
    GraderError,
}

/// <summary>The gradebook's spelling of each status.</summary>
public static class SubmissionStatuses
{
    /// <summary>"completed", "cell-timeout", ...</summary>
    public static string Name(SubmissionStatus s) => s switch
    {
        SubmissionStatus.Completed => "completed",
        SubmissionStatus.CellTimeout => "cell-timeout",
        SubmissionStatus.TotalTimeout => "total-timeout",
        SubmissionStatus.MemoryLimit => "memory-limit",
        SubmissionStatus.ProcessDied => "process-died",
        SubmissionStatus.InvalidNotebook => "invalid-notebook",
        SubmissionStatus.Tampered => "tampered",
        SubmissionStatus.Shadowing => "shadowing",
        SubmissionStatus.InvalidStudentId => "invalid-student-id",
        SubmissionStatus.GraderError => "grader-error",
        _ => s.ToString(),
    };
}
