namespace Course.Labs.Training;

/// <summary>The figures of one finished epoch. Accuracy is null when the task is not classification.</summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double? TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double LearningRate,
    double Seconds,
    double SamplesPerSecond)
{
    /// <summary>The training batch size of the epoch (its largest batch; the last one may be smaller); null when not recorded.</summary>
    public int? BatchSize { get; init; }
}
