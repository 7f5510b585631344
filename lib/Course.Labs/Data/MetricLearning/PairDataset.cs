using Course.Labs.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Data.MetricLearning;

/// <summary>
/// Siamese pairs (seeds 002 and 003): item i is paired, once, with a random item of its own class with probability
/// 1/2 ("similar"), otherwise with a random item of a random other class. Deterministic for a seed. An element is
/// <c>image1</c>, <c>image2</c>, <c>similar</c> (1 = same class; the seeds' pair label is 1 - similar),
/// <c>label1</c>, <c>label2</c>; it works with TorchSharp's DataLoader.
/// </summary>
public sealed class PairDataset : torch.utils.data.Dataset
{
    private readonly LabelledItems items;

    public PairDataset(LabelledItems items, int seed = 0)
    {
        this.items = items ?? throw new ArgumentNullException(nameof(items));
        var rng = Reproducibility.Random(seed);
        Partner = new int[items.Count];
        Similar = new bool[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            int label = items.Labels[i];
            Similar[i] = rng.NextDouble() < 0.5;
            // the seed draws j from the whole class, i itself included
            Partner[i] = Similar[i] ? items.RandomItemOf(label, rng) : items.RandomItemOf(items.RandomOtherLabel(label, rng), rng);
        }
    }

    /// <summary>The second item of pair i (the first is item i).</summary>
    public int[] Partner { get; }

    /// <summary>Whether pair i is a same-class pair.</summary>
    public bool[] Similar { get; }

    public override long Count => items.Count;

    public override Dictionary<string, Tensor> GetTensor(long index)
    {
        int i = checked((int)index), j = Partner[i];
        return new()
        {
            ["image1"] = items.ImageOf(i),
            ["image2"] = items.ImageOf(j),
            ["similar"] = tensor(Similar[i] ? 1f : 0f),
            ["label1"] = tensor((long)items.Labels[i]),
            ["label2"] = tensor((long)items.Labels[j]),
        };
    }
}
