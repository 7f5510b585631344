using static TorchSharp.torch;

namespace Course.Labs.Evaluation.ReId;

/// <summary>torchreid's <c>compute_distance_matrix(input1, input2, metric)</c>: query x gallery distances from features.</summary>
public static class ReIdDistances
{
    /// <summary>torchreid's euclidean_squared_distance: |q|^2 + |g|^2 - 2 q.g (squared, not clamped), [M, N].</summary>
    public static Tensor EuclideanSquared(Tensor queryFeatures, Tensor galleryFeatures)
    {
        Check(queryFeatures, galleryFeatures);
        using var _ = no_grad();
        using var qq = queryFeatures.pow(2).sum(1, keepdim: true);
        using var gg = galleryFeatures.pow(2).sum(1, keepdim: true).t();
        using var dot = queryFeatures.matmul(galleryFeatures.t());
        return qq + gg - 2 * dot;
    }

    /// <summary>torchreid's cosine_distance: 1 - normalize(q) . normalize(g), [M, N].</summary>
    public static Tensor Cosine(Tensor queryFeatures, Tensor galleryFeatures)
    {
        Check(queryFeatures, galleryFeatures);
        using var _ = no_grad();
        using var q = nn.functional.normalize(queryFeatures, p: 2, dim: 1);
        using var g = nn.functional.normalize(galleryFeatures, p: 2, dim: 1);
        using var similarity = q.matmul(g.t());
        return 1 - similarity;
    }

    private static void Check(Tensor q, Tensor g)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(g);
        if (q.dim() != 2 || g.dim() != 2 || q.shape[1] != g.shape[1])
            throw new ArgumentException(
                $"features must be [M, D] and [N, D]; got [{string.Join(", ", q.shape)}] and [{string.Join(", ", g.shape)}].", "galleryFeatures");
    }
}
