using SkiaSharp;

namespace Course.Labs.Tests.Data;

/// <summary>Writes the small image and digit files the data tests read.</summary>
internal static class TestFiles
{
    public static string WriteDigits(string path, int images)
        => WriteText(path, "{\"data\":[" + string.Join(",", Enumerable.Range(0, images * 784).Select(i => (i % 11 / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]}");

    private static string WriteText(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes a PNG filled with <paramref name="color"/> (plus a noise pattern that defeats compression when asked).</summary>
    public static void WritePng(string path, SKColor color, int size = 4, bool noise = false)
    {
        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var random = new Random(1);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                bitmap.SetPixel(x, y, noise ? new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)) : color);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
