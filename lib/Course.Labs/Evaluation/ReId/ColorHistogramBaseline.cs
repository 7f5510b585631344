using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Evaluation.ReId;

/// <summary>
/// A colour-only re-identification baseline: each image becomes a normalised joint RGB histogram (per horizontal
/// stripe, so "red top, blue trousers" differs from the reverse), compared with the Euclidean distance between the
/// square roots of the histograms (the Hellinger distance). It tells how far colour alone goes on a data set: a
/// learned embedding should beat it clearly.
/// </summary>
public static class ColorHistogramBaseline
{
    /// <summary>Histogram features [N, stripes * bins^3] of images [N, 3, H, W] with values in 0..1.</summary>
    public static Tensor Features(Tensor images, int bins = 8, int stripes = 2)
    {
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException($"images must be [N, 3, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), bins, "at least 2 bins per channel");
        using var scope = NewDisposeScope();
        long n = images.shape[0], h = images.shape[2];
        var q = (images.clamp(0, 1) * (bins - 1e-4)).floor().to(ScalarType.Int64);           // [N,3,H,W] bin per channel
        var code = q[.., 0] * (bins * bins) + q[.., 1] * bins + q[.., 2];                     // [N,H,W] joint bin
        var parts = new List<Tensor>();
        for (int s = 0; s < stripes; s++)
        {
            long top = h * s / stripes, bottom = h * (s + 1) / stripes;
            var stripe = code.narrow(1, top, bottom - top).reshape(n, -1);
            var hist = zeros(n, bins * bins * bins, dtype: ScalarType.Float32);
            hist.scatter_add_(1, stripe, ones_like(stripe, dtype: ScalarType.Float32));
            parts.Add(hist / hist.sum(1, keepdim: true));
        }
        return cat(parts, 1).sqrt().MoveToOuterDisposeScope();
    }

    /// <summary>The query x gallery Hellinger distance matrix of two feature sets from <see cref="Features"/>.</summary>
    public static Tensor Distances(Tensor queryFeatures, Tensor galleryFeatures) => cdist(queryFeatures, galleryFeatures);
}
