using Course.Labs.Losses.Distances;
using static TorchSharp.torch;

namespace Course.Labs.Losses.Miners;

/// <summary>Which triplets pytorch-metric-learning's TripletMarginMiner keeps, by t = d(a, n) - d(a, p).</summary>
public enum TripletKind
{
    /// <summary>t &lt;= margin: every triplet with a non-zero margin loss.</summary>
    All,
    /// <summary>t &lt;= 0: the negative is no farther than the positive.</summary>
    Hard,
    /// <summary>0 &lt; t &lt;= margin: the negative is farther, but inside the margin.</summary>
    SemiHard,
    /// <summary>t &gt; margin: already satisfied.</summary>
    Easy,
}

/// <summary>Index triplets (anchor, positive, negative) into a batch, one entry per triplet.</summary>
public sealed record TripletIndices(Tensor Anchor, Tensor Positive, Tensor Negative)
{
    public long Count => Anchor.shape[0];
}

/// <summary>Miners: which triplets of a labelled batch of embeddings a loss should look at.</summary>
public static class TripletMiners
{
    /// <summary>
    /// pytorch-metric-learning's TripletMarginMiner over Euclidean distances (normalise the embeddings first for
    /// PML's default LpDistance): every valid triplet (a != p, same label; n other label) of the given kind.
    /// </summary>
    public static TripletIndices Margin(Tensor embeddings, Tensor labels, double margin = 0.2, TripletKind kind = TripletKind.All)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var dist = Distance.EuclideanMatrix(embeddings);
        var valid = ValidTriplets(labels, embeddings.shape[0]);
        var t = dist.unsqueeze(1) - dist.unsqueeze(2);        // t[a, p, n] = d(a, n) - d(a, p)
        var keep = kind switch
        {
            TripletKind.All => t <= margin,
            TripletKind.Hard => t <= 0,
            TripletKind.SemiHard => (t > 0).logical_and(t <= margin),
            TripletKind.Easy => t > margin,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown triplet kind."),
        };
        var idx = nonzero(valid.logical_and(keep));
        var result = new TripletIndices(idx[.., 0], idx[.., 1], idx[.., 2]);
        scope.MoveToOuter(result.Anchor, result.Positive, result.Negative);
        return result;
    }

    /// <summary>
    /// Batch-hard mining (Hermans et al. 2017; PML's BatchHardMiner): for every anchor, its farthest positive and
    /// its nearest negative. Anchors without a positive or without a negative in the batch are left out.
    /// </summary>
    public static TripletIndices BatchHard(Tensor distances, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(distances);
        if (distances.dim() != 2 || distances.shape[0] != distances.shape[1])
            throw new ArgumentException($"distances must be a square [N, N] matrix; got [{string.Join(", ", distances.shape)}].", nameof(distances));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long n = distances.shape[0];
        var (same, different) = LabelMasks(labels, n);
        var positive = same.logical_and(eye(n, dtype: ScalarType.Bool, device: same.device).logical_not());
        var hardestPositive = distances.masked_fill(positive.logical_not(), double.NegativeInfinity).argmax(1);
        var hardestNegative = distances.masked_fill(same, double.PositiveInfinity).argmin(1);
        var usable = nonzero(positive.any(1).logical_and(different.any(1))).squeeze(1);
        var result = new TripletIndices(usable, hardestPositive.index_select(0, usable), hardestNegative.index_select(0, usable));
        scope.MoveToOuter(result.Anchor, result.Positive, result.Negative);
        return result;
    }

    /// <summary>[N, N, N] mask of valid triplets: label(a) = label(p), a != p, label(a) != label(n).</summary>
    internal static Tensor ValidTriplets(Tensor labels, long n)
    {
        var (same, different) = LabelMasks(labels, n);
        var positive = same.logical_and(eye(n, dtype: ScalarType.Bool, device: same.device).logical_not());
        return positive.unsqueeze(2).logical_and(different.unsqueeze(1));
    }

    /// <summary>[N, N] masks of same-label pairs (diagonal included) and different-label pairs.</summary>
    public static (Tensor Same, Tensor Different) LabelMasks(Tensor labels, long expectedCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.dim() != 1 || labels.shape[0] != expectedCount)
            throw new ArgumentException($"labels must be 1-D with {expectedCount} entries (one per embedding); got [{string.Join(", ", labels.shape)}].", nameof(labels));
        var same = labels.unsqueeze(1).eq(labels.unsqueeze(0));
        return (same, same.logical_not());
    }
}
