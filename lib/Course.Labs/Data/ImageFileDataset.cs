using TorchSharp;

namespace Course.Labs.Data;

/// <summary>
/// Images read from files on demand (decoded with SkiaSharp each time an item is asked for), each with its
/// label: what <see cref="ImageFolder"/> and <see cref="CsvImageList"/> build.
/// </summary>
public sealed class ImageFileDataset : ImageDataset
{
    private readonly string[] paths;
    private readonly int[] labels;

    /// <summary>
    /// A data set of <paramref name="paths"/> with their <paramref name="labels"/>, decoded to <paramref name="channels"/>
    /// (1 or 3) and, with <paramref name="size"/>, scaled by SkiaSharp to that height and width as they are decoded.
    /// </summary>
    public ImageFileDataset(IReadOnlyList<string> paths, IReadOnlyList<int> labels, IReadOnlyList<string> classes, int channels = 3,
        (int Height, int Width)? size = null)
    {
        if (paths.Count != labels.Count) throw new ArgumentException($"{paths.Count} paths but {labels.Count} labels.");
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Use 1 (grey) or 3 (RGB).");
        this.paths = [.. paths];
        this.labels = [.. labels];
        Classes = classes;
        Channels = channels;
        Size = size;
    }

    /// <summary>Channels every image is decoded to.</summary>
    public int Channels { get; }

    /// <summary>Height and width every image is scaled to when decoded; null keeps each file's own size.</summary>
    public (int Height, int Width)? Size { get; }

    /// <summary>The image file of every item.</summary>
    public IReadOnlyList<string> Paths => paths;

    public override int Count => paths.Length;
    public override IReadOnlyList<string> Classes { get; }
    public override IReadOnlyList<int> Labels => labels;

    public override torch.Tensor GetImage(int index) => ImageFiles.Load(paths[index], Channels, Size);
}
