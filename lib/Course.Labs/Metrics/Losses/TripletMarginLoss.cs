using static TorchSharp.torch;

namespace Course.Labs.Metrics.Losses;

/// <summary>
/// torch.nn.TripletMarginLoss(margin=1, p=2, eps=1e-6, swap=False, reduction='mean'):
/// <c>max(d(a, p) - d(a, n) + margin, 0)</c> with d = <see cref="Distances.PairwiseDistance"/>; with
/// <c>swap</c> (Balntas et al. 2016) d(a, n) is replaced by min(d(a, n), d(p, n)).
/// </summary>
public static class TripletMarginLoss
{
    /// <summary>The loss of the triplets row by row: anchor, positive and negative are [N, D] (or [D]).</summary>
    public static Tensor Compute(Tensor anchor, Tensor positive, Tensor negative, double margin = 1.0, double p = 2.0,
        double eps = 1e-6, bool swap = false, LossReduction reduction = LossReduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        CheckSameShape(anchor, positive, nameof(positive));
        CheckSameShape(anchor, negative, nameof(negative));
        if (margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "margin must be >= 0.");
        var dAP = Distances.PairwiseDistance(anchor, positive, p, eps);
        var dAN = Distances.PairwiseDistance(anchor, negative, p, eps);
        if (swap) dAN = minimum(dAN, Distances.PairwiseDistance(positive, negative, p, eps));
        return (dAP - dAN + margin).clamp_min(0).Reduce(reduction);
    }

    internal static void CheckSameShape(Tensor reference, Tensor other, string name)
    {
        ArgumentNullException.ThrowIfNull(other, name);
        if (!reference.shape.SequenceEqual(other.shape))
            throw new ArgumentException(
                $"{name} has shape [{string.Join(", ", other.shape)}]; expected [{string.Join(", ", reference.shape)}] like the first input.", name);
    }
}
