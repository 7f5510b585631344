using TorchSharp;

namespace Course.Labs.Data.Transforms;

/// <summary>
/// torchvision's <c>RandomErasing</c> (Zhong et al. 2017): with probability <paramref name="p"/>, sets a random
/// rectangle to <paramref name="value"/>; its area is a fraction of the image drawn from [scaleMin, scaleMax] and its
/// aspect ratio is log-uniform in [ratioMin, ratioMax]; up to ten draws are tried for a rectangle that fits.
/// </summary>
public sealed class RandomErasing(double p = 0.5, double scaleMin = 0.02, double scaleMax = 0.33, double ratioMin = 0.3, double ratioMax = 3.3,
    float value = 0f) : ITransform
{
    public torch.Tensor Apply(torch.Tensor image, Random random)
    {
        var (_, height, width) = ImageShape.Of(image, nameof(RandomErasing));
        if (random.NextDouble() >= p) return image;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var area = height * width * random.Uniform(scaleMin, scaleMax);
            var ratio = Math.Exp(random.Uniform(Math.Log(ratioMin), Math.Log(ratioMax)));
            var eraseHeight = (int)Math.Round(Math.Sqrt(area * ratio));
            var eraseWidth = (int)Math.Round(Math.Sqrt(area / ratio));
            if (eraseHeight >= height || eraseWidth >= width || eraseHeight < 1 || eraseWidth < 1) continue;
            var top = random.Next(height - eraseHeight + 1);
            var left = random.Next(width - eraseWidth + 1);
            var erased = image.clone();
            using var window = erased.narrow(1, top, eraseHeight).narrow(2, left, eraseWidth);
            window.fill_(value);
            return erased;
        }
        return image;
    }
}
