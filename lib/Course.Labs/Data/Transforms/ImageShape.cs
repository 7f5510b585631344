using TorchSharp;

namespace Course.Labs.Data.Transforms;

/// <summary>Checks shared by the transforms: an image is a tensor [C,H,W].</summary>
internal static class ImageShape
{
    public static (int Channels, int Height, int Width) Of(torch.Tensor image, string transform)
    {
        if (image.dim() != 3)
            throw new ArgumentException($"{transform} expects an image tensor [C,H,W], got shape [{string.Join(",", image.shape)}].");
        return ((int)image.shape[0], (int)image.shape[1], (int)image.shape[2]);
    }

    /// <summary>A uniform draw in [low, high).</summary>
    public static double Uniform(this Random random, double low, double high) => low + (high - low) * random.NextDouble();
}
