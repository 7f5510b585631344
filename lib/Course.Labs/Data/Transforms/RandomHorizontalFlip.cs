using TorchSharp;

namespace Course.Labs.Data.Transforms;

/// <summary>torchvision's <c>RandomHorizontalFlip</c>: mirrors the image left-right with probability <paramref name="p"/>.</summary>
public sealed class RandomHorizontalFlip(double p = 0.5) : ITransform
{
    public torch.Tensor Apply(torch.Tensor image, Random random)
    {
        ImageShape.Of(image, nameof(RandomHorizontalFlip));
        return random.NextDouble() < p ? image.flip(2) : image;
    }
}
