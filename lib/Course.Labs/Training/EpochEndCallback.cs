namespace Course.Labs.Training;

/// <summary>
/// A progress sink that runs an action after each epoch (after validation), e.g. to keep an autoencoder's
/// reconstructions or an embedding per epoch: <c>Progress = [view, new EpochEndCallback(m => snapshots.Add(...))]</c>.
/// </summary>
public sealed class EpochEndCallback(Action<EpochMetrics> onEpochEnd) : ITrainingProgress
{
    private readonly Action<EpochMetrics> onEpochEnd = onEpochEnd ?? throw new ArgumentNullException(nameof(onEpochEnd));

    public void OnEpochStart(int epoch, int totalEpochs, int? batchCount) { }
    public void OnBatch(ProgressSnapshot snapshot) { }
    public void OnEpochEnd(EpochMetrics metrics) => onEpochEnd(metrics);
    public void OnEnd(History history) { }
}
