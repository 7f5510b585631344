using Course.Labs.Losses.Distances;
using static TorchSharp.torch;

namespace Course.Labs.Losses;

/// <summary>
/// Contrastive loss of a siamese pair (Hadsell, Chopra, LeCun 2006). <c>similar</c> is 1 for a pair of
/// the same class and 0 otherwise; the seeds' pair label l (0 = similar, 1 = dissimilar) is <c>1 - similar</c>.
/// </summary>
public static class ContrastiveLoss
{
    /// <summary>
    /// siamese-triplet's form: <c>.5 [y d^2 + (1 - y) relu(m - d)^2]</c> with d^2 the squared Euclidean distance and
    /// d = sqrt(d^2 + 1e-9) in the hinge (its eps), margin m = 1 by default, mean over pairs.
    /// </summary>
    public static Tensor Squared(Tensor x1, Tensor x2, Tensor similar, double margin = 1.0, LossReduction reduction = LossReduction.Mean)
    {
        var y = CheckPair(x1, x2, similar, margin);
        var d2 = (x2 - x1).pow(2).sum(-1);
        var hinge = (margin - (d2 + 1e-9).sqrt()).relu().pow(2);
        return (0.5 * (y * d2 + (1 - y) * hinge)).Reduce(reduction);
    }

    /// <summary>
    /// The plain-distance form (pytorch-metric-learning's ContrastiveLoss with pos_margin 0): <c>y d + (1 - y) relu(m - d)</c>
    /// with d = torch's pairwise_distance (eps 1e-6 added to the difference); PML's default reduction averages the
    /// non-zero terms (<see cref="LossReduction.MeanOverNonZero"/>).
    /// </summary>
    public static Tensor Plain(Tensor x1, Tensor x2, Tensor similar, double margin = 1.0, LossReduction reduction = LossReduction.Mean)
    {
        var y = CheckPair(x1, x2, similar, margin);
        var d = Distance.Pairwise(x1, x2);
        return (y * d + (1 - y) * (margin - d).relu()).Reduce(reduction);
    }

    private static Tensor CheckPair(Tensor x1, Tensor x2, Tensor similar, double margin)
    {
        ArgumentNullException.ThrowIfNull(x1);
        CheckSameShape(x1, x2);
        ArgumentNullException.ThrowIfNull(similar);
        long pairs = x1.dim() == 1 ? 1 : x1.shape[0];
        if (similar.numel() != pairs)
            throw new ArgumentException($"similar has {similar.numel()} entries; expected one per pair ({pairs}).", nameof(similar));
        if (margin < 0) throw new ArgumentOutOfRangeException(nameof(margin), margin, "margin must be >= 0.");
        return similar.reshape(x1.dim() == 1 ? [] : [pairs]).to(x1.dtype);
    }

    private static void CheckSameShape(Tensor x1, Tensor x2)
    {
        ArgumentNullException.ThrowIfNull(x2);
        if (!x1.shape.SequenceEqual(x2.shape))
            throw new ArgumentException(
                $"x2 has shape [{string.Join(", ", x2.shape)}]; expected [{string.Join(", ", x1.shape)}] like x1.", nameof(x2));
    }
}
