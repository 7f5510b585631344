namespace Course.Labs.Training;

/// <summary>Where training stands after a batch: running means over the epoch so far, throughput and ETA.</summary>
public sealed record ProgressSnapshot(
    int Epoch,
    int TotalEpochs,
    int Batch,
    int? BatchCount,
    double Loss,
    double? Accuracy,
    double SamplesPerSecond,
    TimeSpan Elapsed,
    TimeSpan? EpochRemaining)
{
    /// <summary>Fraction of the epoch done, 0..1, or null when the batch count is unknown.</summary>
    public double? Fraction => BatchCount is int n && n > 0 ? Math.Min(1, (Batch + 1) / (double)n) : null;
}
