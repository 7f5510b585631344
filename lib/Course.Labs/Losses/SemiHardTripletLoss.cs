using Course.Labs.Losses.Distances;
using Course.Labs.Losses.Miners;
using static TorchSharp.torch;

namespace Course.Labs.Losses;

/// <summary>
/// Semi-hard triplet loss of FaceNet (Schroff, Kalenichenko, Philbin 2015), as TensorFlow Addons'
/// <c>triplet_semihard_loss</c> computes it: for every positive pair (a, p), the negative is the nearest one that
/// is farther than p (d_an &gt; d_ap, the semi-hard negative); when there is none, the farthest negative.
/// Loss = mean over positive pairs of <c>relu(d_ap - d_an + margin)</c>.
/// FaceNet uses squared distances, margin alpha = 0.2, and unit-norm embeddings (normalise before calling).
/// </summary>
public static class SemiHardTripletLoss
{
    public static Tensor Compute(Tensor embeddings, Tensor labels, double margin = 0.2, bool squared = true)
    {
        if (margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "margin must be >= 0.");
        var dist = Distance.EuclideanMatrix(embeddings, squared: squared);
        long n = dist.shape[0];
        var (same, different) = TripletMiners.LabelMasks(labels, n);
        var positive = same.logical_and(eye(n, dtype: ScalarType.Bool, device: same.device).logical_not());
        if (!positive.any().item<bool>())
            throw new ArgumentException("No positive pair in the batch; semi-hard mining needs at least two items of a label.", nameof(labels));
        if (!different.any().item<bool>())
            throw new ArgumentException("No negative in the batch; semi-hard mining needs at least two labels.", nameof(labels));

        // candidates[a, p, n]: n is a negative of a, farther from a than p is
        var dAN = dist.unsqueeze(1);                         // [a, 1, n]
        var dAP = dist.unsqueeze(2);                         // [a, p, 1]
        var candidates = different.unsqueeze(1).logical_and(dAN > dAP);
        var nearestOutside = dAN.masked_fill(candidates.logical_not(), double.PositiveInfinity).amin([2]);   // [a, p]
        var farthestInside = dist.masked_fill(same, double.NegativeInfinity).amax([1], keepdim: true);      // [a, 1]
        var chosen = where(candidates.any(2), nearestOutside, farthestInside.expand(n, n));
        var losses = (dist - chosen + margin).relu().masked_select(positive);
        return losses.mean();
    }
}
