using Course.Labs.Losses.Distances;
using Course.Labs.Losses.Miners;
using static TorchSharp.torch;

namespace Course.Labs.Losses;

/// <summary>
/// Batch-hard triplet loss (Hermans, Beyer, Leibe 2017, "In Defense of the Triplet Loss"): every anchor with its
/// farthest positive and nearest negative in the batch, on non-squared distances
/// (<see cref="Distance.EuclideanMatrix"/>: sqrt(clamp(., 1e-12)) as in BoT).
/// </summary>
public static class BatchHardTripletLoss
{
    /// <summary>
    /// With a margin (BoT: 0.3): <c>relu(d_ap - d_an + margin)</c>, averaged over all anchors, zeros included
    /// (BoT's MarginRankingLoss); PML's AvgNonZero is <see cref="LossReduction.MeanOverNonZero"/>.
    /// With <paramref name="margin"/> null, Hermans' soft margin <c>ln(1 + exp(d_ap - d_an))</c> (BoT's SoftMarginLoss).
    /// </summary>
    /// <param name="embeddings">[N, D] embeddings of one batch (e.g. a P x K batch from the PK sampler).</param>
    /// <param name="labels">[N] integer labels.</param>
    /// <param name="margin">The hinge's margin, or null for the soft margin.</param>
    /// <param name="reduction">How the anchors' losses are combined.</param>
    public static Tensor Compute(Tensor embeddings, Tensor labels, double? margin = 0.3, LossReduction reduction = LossReduction.Mean)
    {
        var dist = Distance.EuclideanMatrix(embeddings);
        var mined = TripletMiners.BatchHard(dist.detach(), labels);
        if (mined.Count == 0)
            throw new ArgumentException("No anchor in the batch has both a positive and a negative; batch-hard needs P >= 2 identities with K >= 2 images.", nameof(labels));
        return TripletLossOf(dist, mined, margin).Reduce(reduction);
    }

    /// <summary>Per-triplet loss from a distance matrix: hinge with a margin, or soft margin when <paramref name="margin"/> is null.</summary>
    internal static Tensor TripletLossOf(Tensor dist, TripletIndices t, double? margin)
    {
        var rows = dist.index_select(0, t.Anchor);
        var dAP = rows.gather(1, t.Positive.unsqueeze(1)).squeeze(1);
        var dAN = rows.gather(1, t.Negative.unsqueeze(1)).squeeze(1);
        return HingeOrSoft(dAP - dAN, margin);
    }

    /// <summary><c>relu(x + margin)</c>, or <c>softplus(x)</c> (the soft margin) when <paramref name="margin"/> is null.</summary>
    internal static Tensor HingeOrSoft(Tensor apMinusAn, double? margin)
    {
        if (margin is { } m)
        {
            if (m < 0) throw new ArgumentOutOfRangeException(nameof(margin), m, "margin must be >= 0.");
            return (apMinusAn + m).relu();
        }
        return nn.functional.softplus(apMinusAn);
    }
}
