using System.Runtime.InteropServices;
using SkiaSharp;
using static TorchSharp.torch;

namespace Course.Labs.Display;

/// <summary>
/// One image tensor as a PNG (SkiaSharp), shown inline as <c>&lt;img src="data:image/png;base64,..."&gt;</c>.
/// Accepts [H, W], [1, H, W] or [3, H, W]; values in [0, 1] unless <c>normalize</c> stretches min..max to it.
/// </summary>
public sealed class TensorImage : IHtmlContent
{
    private TensorImage(byte[] png, int width, int height, int scale)
    {
        Png = png;
        Width = width;
        Height = height;
        Scale = scale;
    }

    /// <summary>The PNG file's bytes.</summary>
    public byte[] Png { get; }
    public int Width { get; }
    public int Height { get; }
    /// <summary>Display magnification (pixels are kept sharp).</summary>
    public int Scale { get; }

    /// <param name="image">[H, W], [1, H, W] or [3, H, W].</param>
    /// <param name="normalize">Map the image's min..max to 0..1 instead of clamping to [0, 1].</param>
    /// <param name="scale">Display magnification, e.g. 4 for 28x28 digits.</param>
    public static TensorImage FromTensor(Tensor image, bool normalize = false, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be 1 or more.");
        using var scope = NewDisposeScope();
        var t = image.detach().cpu().to(ScalarType.Float32);
        if (t.dim() == 2) t = t.unsqueeze(0);
        if (t.dim() != 3 || t.shape[0] is not (1 or 3))
            throw new ArgumentException($"image must be [H, W], [1, H, W] or [3, H, W] (got [{string.Join(", ", image.shape)}]); pick one image of a batch with images[i].", nameof(image));
        if (normalize)
        {
            var (low, high) = (t.min(), t.max());
            t = (t - low) / (high - low).clamp_min(1e-12);
        }
        var bytes = t.clamp(0, 1).mul(255).round().to(ScalarType.Byte).expand(3, -1, -1).permute(1, 2, 0).contiguous().data<byte>().ToArray();
        int height = (int)t.shape[1], width = (int)t.shape[2];
        return new TensorImage(EncodeRgb(bytes, width, height), width, height, scale);
    }

    private static byte[] EncodeRgb(byte[] rgb, int width, int height)
    {
        var rgba = new byte[width * height * 4];
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(SKEncodedImageFormat.Png, 100)
                ?? throw new InvalidOperationException("SkiaSharp could not encode the image as PNG.");
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>The PNG as a data URI.</summary>
    public string DataUri => "data:image/png;base64," + Convert.ToBase64String(Png);

    public string ToHtml()
        => $"<img src=\"{DataUri}\" width=\"{Width * Scale}\" height=\"{Height * Scale}\" style=\"image-rendering:pixelated\" alt=\"{Width}x{Height} image\"/>";

    /// <summary>Writes the PNG to <paramref name="path"/>.</summary>
    public void Save(string path) => File.WriteAllBytes(path, Png);

    public override string ToString() => $"TensorImage {Width}x{Height}";
}
