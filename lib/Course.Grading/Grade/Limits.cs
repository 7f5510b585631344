namespace Course.Grading.Grade;

/// <summary>The limits one submission runs under.</summary>
/// <param name="CellTimeout">Per-cell time limit.</param>
/// <param name="TotalTimeout">Limit for the whole submission, process start to finish.</param>
/// <param name="MemoryMegabytes">Resident memory of the submission's processes together; 0 for no limit.</param>
public sealed record Limits(TimeSpan CellTimeout, TimeSpan TotalTimeout, long MemoryMegabytes);
