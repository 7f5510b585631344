using TorchSharp;

namespace Course.Labs.Data.Transforms;

/// <summary>torchvision's <c>CenterCrop</c>: the central height x width window (zero-padded first if the image is smaller).</summary>
public sealed class CenterCrop(int height, int width) : ITransform
{
    /// <summary>A square crop.</summary>
    public CenterCrop(int size) : this(size, size) { }

    public torch.Tensor Apply(torch.Tensor image, Random random)
    {
        var (_, imageHeight, imageWidth) = ImageShape.Of(image, nameof(CenterCrop));
        return Crop.Window(image, (imageHeight - height) / 2, (imageWidth - width) / 2, height, width);
    }
}
