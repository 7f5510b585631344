using TorchSharp;

namespace Course.Labs.Data.Transforms;

/// <summary>
/// torchvision's <c>RandomCrop(size, padding)</c>: pads every side with <paramref name="padding"/> zeros, then cuts
/// a height x width window at a random place (the CIFAR-style augmentation of the DenseNet lab).
/// </summary>
public sealed class RandomCrop(int height, int width, int padding = 0) : ITransform
{
    /// <summary>A square crop after <paramref name="padding"/> zeros on every side.</summary>
    public RandomCrop(int size, int padding = 0) : this(size, size, padding) { }

    public torch.Tensor Apply(torch.Tensor image, Random random)
    {
        var (_, imageHeight, imageWidth) = ImageShape.Of(image, nameof(RandomCrop));
        int spanHeight = imageHeight + 2 * padding - height, spanWidth = imageWidth + 2 * padding - width;
        if (spanHeight < 0 || spanWidth < 0)
            throw new ArgumentException($"RandomCrop {height}x{width} does not fit an image of {imageHeight}x{imageWidth} padded by {padding}.");
        var top = random.Next(spanHeight + 1) - padding;
        var left = random.Next(spanWidth + 1) - padding;
        return Crop.Window(image, top, left, height, width);
    }
}
