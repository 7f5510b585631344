using static TorchSharp.torch;

namespace Course.Labs.Data;

/// <summary>Ready-made <see cref="IBatchSource"/>s: from a function of the epoch, or from tensors held in memory.</summary>
public static class BatchSource
{
    /// <summary>Wraps a function that yields the batches of an epoch (e.g. fresh random triplets for each epoch).</summary>
    public static IBatchSource From(Func<int, IEnumerable<(Tensor Input, Tensor Target)>> batches, int? batchCount = null)
        => new FunctionBatchSource(batches, batchCount);

    /// <summary>Wraps a fixed sequence that is replayed every epoch.</summary>
    public static IBatchSource From(IEnumerable<(Tensor Input, Tensor Target)> batches, int? batchCount = null)
        => new FunctionBatchSource(_ => batches, batchCount);

    /// <summary>
    /// Batches of <paramref name="batchSize"/> rows of <paramref name="inputs"/>/<paramref name="targets"/> (first
    /// dimension = samples), reshuffled each epoch from <paramref name="seed"/> + epoch when <paramref name="shuffle"/>.
    /// </summary>
    public static IBatchSource FromTensors(Tensor inputs, Tensor targets, int batchSize, bool shuffle = true, int seed = 0, bool dropLast = false)
        => new TensorBatchSource(inputs, targets, batchSize, shuffle, seed, dropLast);

    private sealed class FunctionBatchSource(Func<int, IEnumerable<(Tensor, Tensor)>> batches, int? batchCount) : IBatchSource
    {
        public int? BatchCount { get; } = batchCount;
        public IEnumerable<(Tensor Input, Tensor Target)> GetBatches(int epoch) => batches(epoch);
    }
}
