using static TorchSharp.torch;

namespace Course.Labs.Losses.Distances;

/// <summary>The distances the losses and miners use, each with its reference's exact numerics (pytorch-metric-learning's distances).</summary>
public static class Distance
{
    /// <summary>
    /// torch.nn.functional.pairwise_distance: <c>norm(x1 - x2 + eps, p, dim=-1)</c>, row by row. The eps is added
    /// to the difference (so d(x, x) = D^(1/p) * eps, 1.41421e-6 for two 2-D points), which keeps the gradient finite.
    /// </summary>
    public static Tensor Pairwise(Tensor x1, Tensor x2, double p = 2.0, double eps = 1e-6, bool keepdim = false)
    {
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(x2);
        if (x1.shape[^1] != x2.shape[^1])
            throw new ArgumentException(
                $"x1 and x2 must have the same last dimension; got [{string.Join(", ", x1.shape)}] and [{string.Join(", ", x2.shape)}].", nameof(x2));
        using var diff = x1 - x2 + eps;
        return diff.norm(-1, keepdim, (float)p);
    }

    /// <summary>
    /// All-pairs Euclidean distance of the rows of <paramref name="x"/> and <paramref name="y"/> (BoT's euclidean_dist):
    /// <c>sqrt(clamp(|x|^2 + |y|^2 - 2 x.y, min=1e-12))</c>, or the clamped squared distance when <paramref name="squared"/>.
    /// </summary>
    public static Tensor EuclideanMatrix(Tensor x, Tensor? y = null, bool squared = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        y ??= x;
        if (x.dim() != 2 || y.dim() != 2 || x.shape[1] != y.shape[1])
            throw new ArgumentException(
                $"x and y must be [N, D] and [M, D]; got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}].", nameof(x));
        using var xx = x.pow(2).sum(1, keepdim: true);
        using var yy = y.pow(2).sum(1, keepdim: true).t();
        using var dot = x.matmul(y.t());
        using var d2 = (xx + yy - 2 * dot).clamp_min(1e-12);
        return squared ? d2.alias() : d2.sqrt();
    }
}
