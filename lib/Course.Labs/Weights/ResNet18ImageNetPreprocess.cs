using Course.Labs.Data.Transforms;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Weights;

/// <summary>
/// The input preprocessing the ImageNet ResNet-18 of <see cref="ResNet18ImageNetWeights"/> was trained with, as its
/// package's <c>ResNetPreprocess.onnx</c> computes it: RGB to BGR, the 0..255 scale, minus a per-pixel mean image
/// (about 103, 116, 123). No division by a standard deviation: unlike torchvision's weights, these expect
/// <c>BGR * 255 - mean</c>. Takes the library's images (RGB or grey, 0..1, as the data sets and transforms give them)
/// as one image [C,H,W] or a batch [N,C,H,W]; a grey channel is used for all three colours. At 224 x 224 the mean image
/// is the package's; at other sizes it is resized to the input (bilinear, antialiased), which the package does not
/// define. Resize images first (e.g. <c>new Compose(new Resize(224, 224), preprocess)</c>).
/// </summary>
public sealed class ResNet18ImageNetPreprocess : ITransform, IDisposable
{
    private readonly Tensor meanImage;
    private readonly Dictionary<(long Height, long Width), Tensor> resized = [];
    private readonly object sync = new();

    /// <param name="meanImage">[3, H, W], BGR, 0..255 (the state dict's <see cref="ResNet18ImageNetWeights.MeanImageKey"/>).</param>
    public ResNet18ImageNetPreprocess(Tensor meanImage)
    {
        if (meanImage.ndim != 3 || meanImage.shape[0] != 3)
            throw new ArgumentException($"The mean image must be [3, H, W], got [{string.Join(", ", meanImage.shape)}].", nameof(meanImage));
        using var scope = NewDisposeScope();
        this.meanImage = meanImage.detach().to(ScalarType.Float32).clone().DetachFromDisposeScope();   // outlives any dispose scope
    }

    /// <summary>The preprocessing of the package's ResNet-18, with its mean image from the cache (converted first if needed).</summary>
    public static ResNet18ImageNetPreprocess Load(ResNet18ImageNetWeights? weights = null, Action<string>? log = null)
    {
        var entries = (weights ?? new ResNet18ImageNetWeights()).Load(log);
        try { return new ResNet18ImageNetPreprocess(entries[ResNet18ImageNetWeights.MeanImageKey]); }
        finally { foreach (var t in entries.Values) t.Dispose(); }
    }

    /// <summary>The package's mean image [3, 224, 224] (BGR, 0..255).</summary>
    public Tensor MeanImage => meanImage;

    public Tensor Apply(Tensor image, Random random)
    {
        bool batched = image.ndim == 4;
        if (!batched && image.ndim != 3)
            throw new ArgumentException($"ResNet18ImageNetPreprocess expects an image [C,H,W] or a batch [N,C,H,W], got [{string.Join(", ", image.shape)}].");
        long channels = image.shape[^3];
        if (channels is not (1 or 3))
            throw new ArgumentException($"ResNet18ImageNetPreprocess expects RGB (3 channels) or grey (1 channel) images, got {channels} channels.");
        if (!image.is_floating_point())
            throw new ArgumentException($"ResNet18ImageNetPreprocess expects float images with values in 0..1, got {image.dtype}.");
        using var scope = NewDisposeScope();
        var (low, high) = (image.min().item<float>(), image.max().item<float>());
        if (low < -1e-3f || high > 1 + 1e-3f)
            throw new ArgumentException($"ResNet18ImageNetPreprocess expects RGB values in 0..1 (before any Normalize), got values in [{low:G4}, {high:G4}].");
        var mean = MeanFor(image.shape[^2], image.shape[^1]).to(image.device).to(image.dtype);
        int channelAxis = batched ? 1 : 0;
        var bgr = channels == 3 ? image.flip(channelAxis) : image.expand(batched ? [-1, 3, -1, -1] : [3, -1, -1]);
        return bgr.mul(255f).sub_(mean).MoveToOuterDisposeScope();
    }

    /// <summary>The mean image at <paramref name="height"/> x <paramref name="width"/> (resized once per size and kept).</summary>
    private Tensor MeanFor(long height, long width)
    {
        if (height == meanImage.shape[1] && width == meanImage.shape[2]) return meanImage;
        lock (sync)
        {
            if (!resized.TryGetValue((height, width), out var mean))
            {
                using var batch = meanImage.unsqueeze(0);
                using var scaled = interpolate(batch, [height, width], mode: InterpolationMode.Bilinear, align_corners: false,
                    antialias: height < meanImage.shape[1] || width < meanImage.shape[2]);
                mean = scaled.squeeze(0).DetachFromDisposeScope();
                resized[(height, width)] = mean;
            }
            return mean;
        }
    }

    public void Dispose()
    {
        meanImage.Dispose();
        foreach (var t in resized.Values) t.Dispose();
        resized.Clear();
    }
}
