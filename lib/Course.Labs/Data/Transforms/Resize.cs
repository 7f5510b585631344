using TorchSharp;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Data.Transforms;

/// <summary>
/// torchvision's <c>Resize</c>: with one size, the smaller edge becomes <c>size</c> and the aspect ratio is kept;
/// with two, the image becomes exactly height x width. Bilinear, antialiased when shrinking.
/// </summary>
public sealed class Resize : ITransform
{
    private readonly int? smallerEdge;
    private readonly (int Height, int Width) exact;

    /// <summary>Scales the smaller edge to <paramref name="size"/>.</summary>
    public Resize(int size) => smallerEdge = size > 0 ? size : throw new ArgumentOutOfRangeException(nameof(size));

    /// <summary>Scales to exactly <paramref name="height"/> x <paramref name="width"/>.</summary>
    public Resize(int height, int width)
        => exact = height > 0 && width > 0 ? (height, width) : throw new ArgumentOutOfRangeException(nameof(height), "Sizes must be positive.");

    public torch.Tensor Apply(torch.Tensor image, Random random)
    {
        var (_, height, width) = ImageShape.Of(image, nameof(Resize));
        var (newHeight, newWidth) = smallerEdge is int size
            ? height <= width ? (size, (int)Math.Round((double)size * width / height)) : ((int)Math.Round((double)size * height / width), size)
            : exact;
        if (newHeight == height && newWidth == width) return image;
        using var batch = image.unsqueeze(0);
        using var resized = interpolate(batch, [newHeight, newWidth], mode: torch.InterpolationMode.Bilinear, align_corners: false,
            antialias: newHeight < height || newWidth < width);
        return resized.squeeze(0);
    }
}
