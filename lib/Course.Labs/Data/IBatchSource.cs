using static TorchSharp.torch;

namespace Course.Labs.Data;

/// <summary>
/// Where the trainer gets its batches (PyTorch's iterable over a <c>DataLoader</c>): one pass per epoch of (input, target) pairs. Tensors created while a batch
/// is produced are disposed by the trainer after that step; tensors that already existed are left alone.
/// For exact resume from a checkpoint, make the order depend only on the epoch (e.g. shuffle with seed + epoch).
/// </summary>
public interface IBatchSource
{
    /// <summary>The batches of one epoch (0-based), in order.</summary>
    IEnumerable<(Tensor Input, Tensor Target)> GetBatches(int epoch);

    /// <summary>Batches per epoch when known and the same in every epoch (for the progress bar's ETA and per-step schedules), else null.</summary>
    int? BatchCount { get; }

    /// <summary>Batches in epoch <paramref name="epoch"/> when known: <see cref="BatchCount"/>, unless the count varies from epoch to epoch (a P x K sampler).</summary>
    int? BatchCountOf(int epoch) => BatchCount;
}
