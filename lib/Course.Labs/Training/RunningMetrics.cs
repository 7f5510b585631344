using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>
/// Sample-weighted mean loss over the batches seen so far (a batch weighs its number of input rows) and, when wanted
/// and the step gives class scores [B, C] for class-index targets [B], accuracy.
/// </summary>
internal sealed class RunningMetrics(bool accuracyWanted)
{
    private double lossSum;
    private long correct;
    private bool classification = accuracyWanted;

    public long Samples { get; private set; }
    public double Loss => Samples == 0 ? double.NaN : lossSum / Samples;
    public double? Accuracy => classification && Samples > 0 ? correct / (double)Samples : null;

    public void Add(double batchLoss, Tensor input, Tensor? outputs, Tensor target)
    {
        long count = input.shape.Length > 0 ? input.shape[0] : 1;
        lossSum += batchLoss * count;
        Samples += count;
        classification &= outputs is not null && outputs.dim() == 2 && outputs.shape[0] == count
                          && target.dim() == 1 && target.dtype is ScalarType.Int64 or ScalarType.Int32;
        if (classification)
        {
            using var predicted = outputs!.argmax(1);
            using var hits = predicted.eq(target);
            using var total = hits.sum();
            correct += total.item<long>();
        }
    }
}
