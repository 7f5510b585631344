using Course.Labs.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Data.MetricLearning;

/// <summary>
/// Random triplets (seeds 001 and 003): item i is the anchor, the positive a random other item of its class (the
/// anchor itself only when it is alone in its class), the negative a random item of a random other class. Drawn once,
/// deterministic for a seed. An element is <c>anchor</c>, <c>positive</c>, <c>negative</c> and their labels
/// <c>anchor_label</c>, <c>negative_label</c>.
/// </summary>
public sealed class TripletDataset : torch.utils.data.Dataset
{
    private readonly LabelledItems items;

    public TripletDataset(LabelledItems items, int seed = 0)
    {
        this.items = items ?? throw new ArgumentNullException(nameof(items));
        var rng = Reproducibility.Random(seed);
        Positive = new int[items.Count];
        Negative = new int[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            int label = items.Labels[i];
            Positive[i] = items.RandomItemOf(label, rng, except: i);
            Negative[i] = items.RandomItemOf(items.RandomOtherLabel(label, rng), rng);
        }
    }

    /// <summary>The positive of triplet i (the anchor is item i).</summary>
    public int[] Positive { get; }

    /// <summary>The negative of triplet i.</summary>
    public int[] Negative { get; }

    public override long Count => items.Count;

    public override Dictionary<string, Tensor> GetTensor(long index)
    {
        int i = checked((int)index);
        return new()
        {
            ["anchor"] = items.ImageOf(i),
            ["positive"] = items.ImageOf(Positive[i]),
            ["negative"] = items.ImageOf(Negative[i]),
            ["anchor_label"] = tensor((long)items.Labels[i]),
            ["negative_label"] = tensor((long)items.Labels[Negative[i]]),
        };
    }
}
