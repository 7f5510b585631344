using TorchSharp;

namespace Course.Labs.Data.Transforms;

/// <summary>
/// torchvision's <c>ColorJitter</c> without hue: brightness, contrast and saturation factors drawn from
/// [max(0, 1 - x), 1 + x] and applied in a random order, each result clamped to 0..1. Saturation leaves grey
/// (one-channel) images alone.
/// </summary>
public sealed class ColorJitter(double brightness = 0, double contrast = 0, double saturation = 0) : ITransform
{
    private enum Kind { Brightness, Contrast, Saturation }

    public torch.Tensor Apply(torch.Tensor image, Random random)
    {
        var (channels, _, _) = ImageShape.Of(image, nameof(ColorJitter));
        var steps = new List<(Kind Kind, double Amount)>();
        if (brightness > 0) steps.Add((Kind.Brightness, brightness));
        if (contrast > 0) steps.Add((Kind.Contrast, contrast));
        if (saturation > 0 && channels == 3) steps.Add((Kind.Saturation, saturation));
        for (var i = steps.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (steps[i], steps[j]) = (steps[j], steps[i]);
        }
        var current = image;
        foreach (var (kind, amount) in steps)
        {
            var factor = random.Uniform(Math.Max(0, 1 - amount), 1 + amount);
            var next = kind switch
            {
                Kind.Brightness => Blend(current, torch.zeros_like(current), factor),
                Kind.Contrast => Blend(current, MeanGrey(current), factor),
                _ => Blend(current, Grey(current), factor),
            };
            if (!ReferenceEquals(current, image)) current.Dispose();
            current = next;
        }
        return current;
    }

    /// <summary>factor * image + (1 - factor) * other, clamped to 0..1 (torchvision's <c>_blend</c>); disposes <paramref name="other"/>.</summary>
    private static torch.Tensor Blend(torch.Tensor image, torch.Tensor other, double factor)
    {
        using (other)
        using (var scaledOther = other.mul(1 - factor))
        using (var mixed = image.mul(factor).add_(scaledOther))
            return mixed.clamp(0, 1);
    }

    private static torch.Tensor MeanGrey(torch.Tensor image)
    {
        using var grey = Grey(image);
        return grey.mean();
    }

    /// <summary>ITU-R 601 luma [1,H,W] of an RGB image; a grey image copied as it is.</summary>
    internal static torch.Tensor Grey(torch.Tensor image)
    {
        if (image.shape[0] != 3) return image.clone();
        using var weights = torch.tensor(new[] { 0.299f, 0.587f, 0.114f }, [3, 1, 1], dtype: image.dtype);
        using var weighted = image.mul(weights);
        return weighted.sum(0, keepdim: true);
    }
}
