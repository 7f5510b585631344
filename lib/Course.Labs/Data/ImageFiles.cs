using SkiaSharp;
using TorchSharp;

namespace Course.Labs.Data;

/// <summary>Decodes image files (PNG, JPEG, BMP, GIF, WebP) with SkiaSharp into tensors [C,H,W] float32 in 0..1.</summary>
public static class ImageFiles
{
    /// <summary>File extensions read as images (lower case, with the dot), as torchvision's IMG_EXTENSIONS.</summary>
    public static IReadOnlySet<string> Extensions { get; } =
        new HashSet<string>([".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"], StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="path"/> has an image extension.</summary>
    public static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>
    /// Decodes <paramref name="path"/> into [channels,H,W]: 3 gives RGB (grey images are repeated), 1 gives
    /// grey (ITU-R 601 luma, as PIL's <c>convert('L')</c>). With <paramref name="size"/>, SkiaSharp scales the
    /// decoded image to exactly that height and width (bilinear with mipmaps), far cheaper than resizing the tensor
    /// of a large photo. A missing or undecodable file gives an exception naming it.
    /// </summary>
    public static torch.Tensor Load(string path, int channels = 3, (int Height, int Width)? size = null)
    {
        using var bitmap = Decode(path);
        if (size is not { } target || (target.Height == bitmap.Height && target.Width == bitmap.Width)) return ToTensor(bitmap, channels);
        using var resized = bitmap.Resize(new SKImageInfo(target.Width, target.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidDataException($"Image '{path}' could not be scaled to {target.Height}x{target.Width}.");
        return ToTensor(resized, channels);
    }

    /// <summary>Decodes <paramref name="path"/> into an RGBA bitmap (the caller disposes it).</summary>
    public static SKBitmap Decode(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image '{path}' is missing: check the data set's folder or list.", path);
        using var codec = SKCodec.Create(path);
        if (codec is null)
            throw new InvalidDataException($"Image '{path}' cannot be read (not a PNG/JPEG/BMP/GIF/WebP image, or damaged): replace the file or remove it from the data set.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success) return bitmap;
        bitmap.Dispose();
        var why = result == SKCodecResult.IncompleteInput ? "it is truncated" : $"decoding failed: {result}";
        throw new InvalidDataException($"Image '{path}' cannot be decoded ({why}): replace the file or remove it from the data set.");
    }

    /// <summary>
    /// Writes an image tensor [1,H,W] (grey) or [3,H,W] (RGB) with values in 0..1 as a PNG file (torchvision's
    /// <c>save_image</c> of one image): each value becomes round(255·v), clamped, so what <see cref="Load"/> reads back
    /// is the image to within 1/510.
    /// </summary>
    public static void Save(torch.Tensor image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.dim() != 3 || image.shape[0] is not (1 or 3))
            throw new ArgumentException($"Saving '{path}': the image must be [1,H,W] or [3,H,W] (got [{string.Join(", ", image.shape)}]).", nameof(image));
        int channels = (int)image.shape[0], height = (int)image.shape[1], width = (int)image.shape[2];
        using var scope = torch.NewDisposeScope();
        var bytes = image.detach().cpu().to(torch.float32).clamp(0, 1).mul(255).round().to(torch.uint8).permute(1, 2, 0).contiguous().data<byte>().ToArray();
        var colorType = channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, colorType, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        if (channels == 1) bytes.CopyTo(pixels);
        else
            for (int p = 0; p < height * width; p++)
            {
                pixels[4 * p] = bytes[3 * p];
                pixels[4 * p + 1] = bytes[3 * p + 1];
                pixels[4 * p + 2] = bytes[3 * p + 2];
                pixels[4 * p + 3] = 255;
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode '{path}' as PNG.");
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>Converts an RGBA8888 bitmap into a tensor [channels,H,W] in 0..1 (torchvision's <c>ToTensor</c>).</summary>
    public static torch.Tensor ToTensor(SKBitmap bitmap, int channels = 3)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Use 1 (grey) or 3 (RGB).");
        using var rgba = bitmap.ColorType == SKColorType.Rgba8888 ? null : bitmap.Copy(SKColorType.Rgba8888);
        var source = (rgba ?? bitmap).GetPixelSpan();
        int height = bitmap.Height, width = bitmap.Width, plane = height * width;
        var values = new float[channels * plane];
        for (var p = 0; p < plane; p++)
        {
            float r = source[4 * p] / 255f, g = source[4 * p + 1] / 255f, b = source[4 * p + 2] / 255f;
            if (channels == 1) values[p] = 0.299f * r + 0.587f * g + 0.114f * b;
            else { values[p] = r; values[plane + p] = g; values[2 * plane + p] = b; }
        }
        return torch.tensor(values, [channels, height, width]);
    }
}
