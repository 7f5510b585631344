using Course.Labs.Training;

namespace Course.Labs.Tests.Training;

/// <summary>A progress sink that calls back after each batch and counts them.</summary>
internal sealed class BatchCallback(Action<ProgressSnapshot> onBatch) : ITrainingProgress
{
    public int Batches { get; private set; }
    public void OnEpochStart(int epoch, int totalEpochs, int? batchCount) { }
    public void OnBatch(ProgressSnapshot snapshot) { Batches++; onBatch(snapshot); }
    public void OnEpochEnd(EpochMetrics metrics) { }
    public void OnEnd(History history) { }
}
