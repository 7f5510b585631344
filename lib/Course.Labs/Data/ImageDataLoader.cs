using Course.Labs.Data.Transforms;
using Course.Labs.Runtime;
using TorchSharp;

namespace Course.Labs.Data;

/// <summary>
/// PyTorch's <c>DataLoader</c> for an <see cref="ImageDataset"/> (TorchSharp's own DataLoader serves its
/// dictionary-valued <c>Dataset</c>s): batches of images [B,C,H,W] and labels [B] (int64), shuffled by seed (a new order every epoch, the same sequence of orders for the same seed), with an optional
/// per-image transform seeded the same way. While the caller trains on one batch, background threads prepare
/// the next <c>prefetch</c> batches (<c>workers</c> of them at a time), so the training step does not wait for data.
/// <para>
/// Each <c>foreach</c> is one epoch. A batch lives until the loop moves to the next batch or ends (as in
/// TorchSharp's own DataLoader), so a plain loop frees every batch. With <c>disposeBatches: false</c> the caller
/// owns the batches: each joins the dispose scope open on the caller's thread when it is handed over (if any),
/// otherwise the caller disposes it.
/// </para>
/// </summary>
public sealed class ImageDataLoader : IEnumerable<Batch>, IBatchSource
{
    private int nextEpoch;

    public ImageDataLoader(ImageDataset dataset, int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false,
        ITransform? transform = null, int prefetch = 2, int workers = 1, bool disposeBatches = true)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch holds at least one item.");
        if (prefetch < 0) throw new ArgumentOutOfRangeException(nameof(prefetch), prefetch, "Use 0 to build batches on the caller's thread.");
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker builds batches.");
        Dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        Transform = transform;
        Prefetch = prefetch;
        Workers = workers;
        DisposeBatches = disposeBatches;
    }

    public ImageDataset Dataset { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public int Seed { get; }
    public bool DropLast { get; }
    public ITransform? Transform { get; }

    /// <summary>Batches prepared ahead in the background (0: each batch is built when asked for, on the caller's thread).</summary>
    public int Prefetch { get; }

    /// <summary>
    /// How many of the prefetched batches may be built at the same time (PyTorch's <c>num_workers</c>, as threads).
    /// Every batch draws from its own seeded generator, so the batches are the same whatever the number.
    /// </summary>
    public int Workers { get; }

    /// <summary>Whether the loader frees each batch when the loop moves on.</summary>
    public bool DisposeBatches { get; }

    /// <summary>Batches per epoch (PyTorch's <c>len(loader)</c>).</summary>
    public int Count => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>The data-set indices of every batch of epoch <paramref name="epoch"/> (0-based), in order.</summary>
    public int[][] BatchIndices(int epoch)
    {
        var order = Enumerable.Range(0, Dataset.Count).ToList();
        if (Shuffle) Splits.Shuffled(order, Reproducibility.Random(Seed, epoch));
        return order.Chunk(BatchSize).Where(chunk => !DropLast || chunk.Length == BatchSize).ToArray();
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>; the same epoch number gives the same batches.</summary>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        var batches = BatchIndices(epoch);
        return Prefetch == 0 ? OnCallerThread(epoch, batches) : Prefetched(epoch, batches);
    }

    /// <summary>The next epoch: the first <c>foreach</c> is epoch 0, the next epoch 1, and so on.</summary>
    public IEnumerator<Batch> GetEnumerator() => Epoch(Interlocked.Increment(ref nextEpoch) - 1).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The trainer's view: epoch <c>e</c> of training is the loader's epoch <c>e</c>, so the order depends only on the seed and the epoch (what an exact resume needs).</summary>
    IEnumerable<(torch.Tensor Input, torch.Tensor Target)> IBatchSource.GetBatches(int epoch) => Epoch(epoch).Select(b => (b.Images, b.Labels));

    int? IBatchSource.BatchCount => Count;

    private IEnumerable<Batch> OnCallerThread(int epoch, int[][] batches)
    {
        for (var b = 0; b < batches.Length; b++)
        {
            var batch = BatchBuilder.Build(Dataset, batches[b], Transform, Reproducibility.DeriveSeed(Seed, epoch, b));
            HandOver(batch);
            try { yield return batch; }
            finally { if (DisposeBatches) batch.Dispose(); }
        }
    }

    private IEnumerable<Batch> Prefetched(int epoch, int[][] batches)
    {
        var inFlight = new Queue<Task<Batch>>();
        using var builders = new SemaphoreSlim(Workers);
        var next = 0;
        void StartBuilds()
        {
            for (; inFlight.Count < Prefetch && next < batches.Length; next++)
            {
                var b = next;
                inFlight.Enqueue(Task.Run(() => BuildOffThread(builders, batches[b], Reproducibility.DeriveSeed(Seed, epoch, b))));
            }
        }
        try
        {
            StartBuilds();
            while (inFlight.Count > 0)
            {
                var batch = inFlight.Dequeue().GetAwaiter().GetResult();
                StartBuilds();
                HandOver(batch);
                try { yield return batch; }
                finally { if (DisposeBatches) batch.Dispose(); }
            }
        }
        finally
        {
            // Stopped early or failed: wait for the builds under way and free what they made.
            foreach (var build in inFlight)
            {
                try { build.GetAwaiter().GetResult().Dispose(); }
                catch (Exception) { /* a failure in a batch that nobody will read */ }
            }
        }
    }

    /// <summary>
    /// Builds one batch on a pool thread (at most <see cref="Workers"/> at a time) in its own dispose scope, and
    /// detaches the batch from that scope, since dispose scopes belong to a thread.
    /// </summary>
    private Batch BuildOffThread(SemaphoreSlim builders, int[] indices, int seed)
    {
        builders.Wait();
        try
        {
            using var scope = torch.NewDisposeScope();
            var batch = BatchBuilder.Build(Dataset, indices, Transform, seed);
            scope.Detach(batch.Images, batch.Labels);
            return batch;
        }
        finally
        {
            builders.Release();
        }
    }

    /// <summary>With <see cref="DisposeBatches"/> off, the batch joins the dispose scope open on the caller's thread.</summary>
    private void HandOver(Batch batch)
    {
        if (DisposeBatches || torch.CurrentDisposeScope is not { } scope) return;
        scope.Attach(batch.Images);
        scope.Attach(batch.Labels);
    }
}
