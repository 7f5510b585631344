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
    double SamplesPerSecond);
