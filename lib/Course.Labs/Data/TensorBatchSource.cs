using Course.Labs.Runtime;
using static TorchSharp.torch;

namespace Course.Labs.Data;

/// <summary>Mini-batches cut from tensors in memory; the order of an epoch depends only on (seed, epoch).</summary>
public sealed class TensorBatchSource : IBatchSource
{
    private readonly Tensor inputs, targets;
    private readonly int batchSize, seed;
    private readonly bool shuffle, dropLast;

    public TensorBatchSource(Tensor inputs, Tensor targets, int batchSize, bool shuffle = true, int seed = 0, bool dropLast = false)
    {
        if (inputs.shape.Length == 0 || targets.shape.Length == 0 || inputs.shape[0] != targets.shape[0])
            throw new ArgumentException($"inputs and targets must have the same number of samples in dimension 0 (got {string.Join("x", inputs.shape)} and {string.Join("x", targets.shape)}).", nameof(targets));
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be positive.");
        (this.inputs, this.targets, this.batchSize, this.shuffle, this.seed, this.dropLast) = (inputs, targets, batchSize, shuffle, seed, dropLast);
        long n = inputs.shape[0];
        BatchCount = (int)(dropLast ? n / batchSize : (n + batchSize - 1) / batchSize);
    }

    public int? BatchCount { get; }

    /// <summary>Samples in the source.</summary>
    public long Count => inputs.shape[0];

    public IEnumerable<(Tensor Input, Tensor Target)> GetBatches(int epoch)
    {
        long n = inputs.shape[0];
        long[] order = new long[n];
        for (long i = 0; i < n; i++) order[i] = i;
        if (shuffle) Reproducibility.Random(seed, epoch).Shuffle(order);
        for (int b = 0; b < BatchCount; b++)
        {
            long start = (long)b * batchSize, count = Math.Min(batchSize, n - start);
            using var index = tensor(order.AsSpan((int)start, (int)count).ToArray(), device: inputs.device);
            yield return (inputs.index_select(0, index), targets.index_select(0, index));
        }
    }
}
