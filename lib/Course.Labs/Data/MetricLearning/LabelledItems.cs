using static TorchSharp.torch;

namespace Course.Labs.Data.MetricLearning;

/// <summary>
/// What the metric-learning datasets draw from: a label per item and a way to get an item's image. Any data set
/// fits (MNIST, Fashion-MNIST, Market-1501 identities) without these classes knowing how it is stored.
/// </summary>
public sealed class LabelledItems
{
    private readonly Func<int, Tensor> image;
    private readonly Dictionary<int, int[]> itemsOfLabel;

    /// <param name="labels">The label (class or identity) of each item.</param>
    /// <param name="image">Returns the image of item i (a new tensor, or one the caller may keep).</param>
    public LabelledItems(IReadOnlyList<int> labels, Func<int, Tensor> image)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(image);
        if (labels.Count == 0) throw new ArgumentException("labels is empty.", nameof(labels));
        Labels = labels;
        this.image = image;
        itemsOfLabel = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).ToDictionary(g => g.Key, g => g.ToArray());
        DistinctLabels = [.. itemsOfLabel.Keys.Order()];
    }

    public IReadOnlyList<int> Labels { get; }
    public int Count => Labels.Count;

    /// <summary>The distinct labels, sorted.</summary>
    public int[] DistinctLabels { get; }

    /// <summary>The items with label <paramref name="label"/>, in index order.</summary>
    public IReadOnlyList<int> ItemsOf(int label)
        => itemsOfLabel.TryGetValue(label, out var items) ? items : throw new ArgumentException($"No item has label {label}.", nameof(label));

    public Tensor ImageOf(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be in 0..{Count - 1}.");
        return image(index);
    }

    /// <summary>A uniformly chosen item with <paramref name="label"/>, other than <paramref name="except"/> when the label has another.</summary>
    internal int RandomItemOf(int label, Random rng, int except = -1)
    {
        var items = itemsOfLabel[label];
        if (except < 0 || items.Length < 2) return items[rng.Next(items.Length)];
        int pick = rng.Next(items.Length - 1);             // skip 'except' without a retry loop
        int at = Array.BinarySearch(items, except);
        return at >= 0 && pick >= at ? items[pick + 1] : items[pick];
    }

    /// <summary>A uniformly chosen label other than <paramref name="label"/> (the seeds' <c>choice(set(range(10)) - {c1})</c>).</summary>
    internal int RandomOtherLabel(int label, Random rng)
    {
        if (DistinctLabels.Length < 2) throw new InvalidOperationException("Pairs and triplets need at least two labels.");
        int pick = rng.Next(DistinctLabels.Length - 1);
        int at = Array.BinarySearch(DistinctLabels, label);
        return pick >= at ? DistinctLabels[pick + 1] : DistinctLabels[pick];
    }
}
