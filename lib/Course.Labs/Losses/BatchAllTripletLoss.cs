using Course.Labs.Losses.Distances;
using Course.Labs.Losses.Miners;
using static TorchSharp.torch;

namespace Course.Labs.Losses;

/// <summary>
/// Batch-all triplet loss (Hermans et al. 2017, "BA"): every valid triplet of the batch (a != p same label, n other
/// label), on non-squared Euclidean distances; by default averaged over the triplets with a non-zero loss ("BA≠0").
/// On L2-normalised embeddings with margin 0.05 this is pytorch-metric-learning's TripletMarginLoss default
/// (all triplets, AvgNonZeroReducer).
/// </summary>
public static class BatchAllTripletLoss
{
    /// <summary><c>relu(d_ap - d_an + margin)</c> per triplet, or the soft margin when <paramref name="margin"/> is null.</summary>
    public static Tensor Compute(Tensor embeddings, Tensor labels, double? margin = 0.2, LossReduction reduction = LossReduction.MeanOverNonZero)
    {
        var dist = Distance.EuclideanMatrix(embeddings);
        var valid = TripletMiners.ValidTriplets(labels, embeddings.shape[0]);
        var apMinusAn = (dist.unsqueeze(2) - dist.unsqueeze(1)).masked_select(valid);   // [a, p, n] = d(a,p) - d(a,n)
        return BatchHardTripletLoss.HingeOrSoft(apMinusAn, margin).Reduce(reduction);
    }
}
