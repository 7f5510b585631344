using TorchSharp;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Data.Transforms;

/// <summary>
/// torchvision's <c>RandomRotation</c>: rotates the image about its centre by an angle drawn uniformly from
/// [<paramref name="minDegrees"/>, <paramref name="maxDegrees"/>], counter-clockwise for positive angles;
/// bilinear, with zeros where the rotated image leaves the frame.
/// </summary>
public sealed class RandomRotation(double minDegrees, double maxDegrees) : ITransform
{
    /// <summary>An angle drawn from [-degrees, degrees].</summary>
    public RandomRotation(double degrees) : this(-degrees, degrees) { }

    public torch.Tensor Apply(torch.Tensor image, Random random)
    {
        var (channels, height, width) = ImageShape.Of(image, nameof(RandomRotation));
        var radians = random.Uniform(minDegrees, maxDegrees) * Math.PI / 180;
        var (cos, sin) = (Math.Cos(radians), Math.Sin(radians));
        // Where each output pixel samples the input, in grid coordinates -1..1 on each axis (so the aspect ratio enters).
        using var theta = torch.tensor(new[] { (float)cos, (float)(-sin * height / width), 0f, (float)(sin * width / height), (float)cos, 0f }, [1, 2, 3],
            dtype: image.dtype);
        using var grid = affine_grid(theta, [1, channels, height, width], align_corners: false);
        using var batch = image.unsqueeze(0);
        using var rotated = grid_sample(batch, grid, torch.GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Zeros, align_corners: false);
        return rotated.squeeze(0);
    }
}
