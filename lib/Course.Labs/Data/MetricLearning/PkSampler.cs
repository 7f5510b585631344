using Course.Labs.Data;
using Course.Labs.Runtime;
using static TorchSharp.torch;

namespace Course.Labs.Data.MetricLearning;

/// <summary>
/// P x K batches for batch-hard triplet training (Hermans et al. 2017; torchreid's RandomIdentitySampler): each
/// identity's items are shuffled and cut into groups of K (an identity with fewer than K items is sampled with
/// replacement up to K; a last incomplete group is dropped); each batch then takes one group from each of P
/// identities chosen at random among those with groups left, until fewer than P remain.
/// </summary>
public sealed class PkSampler : IBatchSource
{
    private readonly LabelledItems items;
    private readonly int seed;

    public PkSampler(LabelledItems items, int p, int k, int seed = 0)
    {
        this.items = items ?? throw new ArgumentNullException(nameof(items));
        if (p < 1) throw new ArgumentOutOfRangeException(nameof(p), p, "p (identities per batch) must be at least 1.");
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k (items per identity) must be at least 1.");
        if (p > items.DistinctLabels.Length)
            throw new ArgumentOutOfRangeException(nameof(p), p, $"p = {p} is more than the {items.DistinctLabels.Length} identities.");
        P = p;
        K = k;
        this.seed = seed;
    }

    public int P { get; }
    public int K { get; }
    public int BatchSize => P * K;

    /// <summary>The batches of one epoch (item indices, P groups of K), the same for the same seed and epoch.</summary>
    public IReadOnlyList<int[]> Batches(int epoch = 0)
    {
        var rng = Reproducibility.Random(seed, epoch);
        var groups = new Dictionary<int, Queue<int[]>>();
        foreach (int label in items.DistinctLabels)
        {
            var own = items.ItemsOf(label);
            var pool = own.Count >= K ? [.. own] : Enumerable.Range(0, K).Select(_ => own[rng.Next(own.Count)]).ToArray();
            rng.Shuffle(pool);
            var queue = new Queue<int[]>();
            for (int start = 0; start + K <= pool.Length; start += K) queue.Enqueue(pool[start..(start + K)]);
            groups[label] = queue;
        }

        var batches = new List<int[]>();
        var available = items.DistinctLabels.ToList();
        while (available.Count >= P)
        {
            var chosen = available.ToArray();
            rng.Shuffle(chosen);
            var batch = new List<int>(BatchSize);
            foreach (int label in chosen.AsSpan(0, P))
            {
                batch.AddRange(groups[label].Dequeue());
                if (groups[label].Count == 0) available.Remove(label);
            }
            batches.Add([.. batch]);
        }
        return batches;
    }

    /// <summary>The trainer's view: epoch <c>e</c>'s batches, collated (images, labels).</summary>
    public IEnumerable<(Tensor Input, Tensor Target)> GetBatches(int epoch) => Batches(epoch).Select(Collate);

    /// <summary>Null: how many batches an epoch has depends on the draw (see <see cref="BatchCountOf"/>).</summary>
    public int? BatchCount => null;

    /// <summary>The number of batches of epoch <paramref name="epoch"/>.</summary>
    public int? BatchCountOf(int epoch) => Batches(epoch).Count;

    /// <summary>Stacks the images of a batch into one tensor [B, ...] and its labels into [B] (int64).</summary>
    public (Tensor Images, Tensor Labels) Collate(int[] batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var images = stack(batch.Select(items.ImageOf).ToArray());
        var labels = tensor(batch.Select(i => (long)items.Labels[i]).ToArray());
        return (images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }
}
