using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>Sample-weighted mean loss and, when wanted and the targets are class indices, accuracy over the batches seen so far.</summary>
internal sealed class RunningMetrics(bool accuracyWanted)
{
    private double lossSum;
    private long correct;
    private bool classification = accuracyWanted;

    public long Samples { get; private set; }
    /// <summary>The largest batch added so far (the loader's batch size; an epoch's last batch may be smaller).</summary>
    public int LargestBatch { get; private set; }
    public double Loss => Samples == 0 ? double.NaN : lossSum / Samples;
    public double? Accuracy => classification && Samples > 0 ? correct / (double)Samples : null;

    public void Add(double batchLoss, Tensor output, Tensor target)
    {
        long count = output.shape.Length > 0 ? output.shape[0] : 1;
        lossSum += batchLoss * count;
        Samples += count;
        LargestBatch = (int)Math.Max(LargestBatch, count);
        classification &= output.dim() == 2 && target.dim() == 1 && target.dtype is ScalarType.Int64 or ScalarType.Int32;
        if (classification)
        {
            using var predicted = output.argmax(1);
            using var hits = predicted.eq(target);
            using var total = hits.sum();
            correct += total.item<long>();
        }
    }
}
