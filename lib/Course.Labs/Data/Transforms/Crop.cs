using TorchSharp;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Data.Transforms;

/// <summary>Cutting a window out of an image; parts of the window outside the image are zeros.</summary>
internal static class Crop
{
    /// <summary>The window of <paramref name="height"/> x <paramref name="width"/> whose top-left corner is (top, left), which may be negative.</summary>
    public static torch.Tensor Window(torch.Tensor image, int top, int left, int height, int width)
    {
        var (_, imageHeight, imageWidth) = ImageShape.Of(image, "crop");
        int padTop = Math.Max(0, -top), padLeft = Math.Max(0, -left);
        int padBottom = Math.Max(0, top + height - imageHeight), padRight = Math.Max(0, left + width - imageWidth);
        if (padTop + padLeft + padBottom + padRight == 0)
            return image.narrow(1, top, height).narrow(2, left, width).contiguous();
        using var padded = pad(image, [padLeft, padRight, padTop, padBottom]);
        return padded.narrow(1, top + padTop, height).narrow(2, left + padLeft, width).contiguous();
    }
}
