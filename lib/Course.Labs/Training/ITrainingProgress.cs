namespace Course.Labs.Training;

/// <summary>Receives live progress from a <see cref="Trainer"/>; implementations must be cheap (called every batch).</summary>
public interface ITrainingProgress
{
    /// <summary>An epoch starts; <paramref name="batchCount"/> is null when unknown.</summary>
    void OnEpochStart(int epoch, int totalEpochs, int? batchCount);

    /// <summary>A training batch finished.</summary>
    void OnBatch(ProgressSnapshot snapshot);

    /// <summary>An epoch finished (after validation).</summary>
    void OnEpochEnd(EpochMetrics metrics);

    /// <summary>The run ended (completed, stopped early, cancelled or failed).</summary>
    void OnEnd(History history);
}
