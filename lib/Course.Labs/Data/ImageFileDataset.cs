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

    /// <summary>A data set of <paramref name="paths"/> with their <paramref name="labels"/>, decoded to <paramref name="channels"/> (1 or 3).</summary>
    public ImageFileDataset(IReadOnlyList<string> paths, IReadOnlyList<int> labels, IReadOnlyList<string> classes, int channels = 3)
    {
        if (paths.Count != labels.Count) throw new ArgumentException($"{paths.Count} paths but {labels.Count} labels.");
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Use 1 (grey) or 3 (RGB).");
        this.paths = [.. paths];
        this.labels = [.. labels];
        Classes = classes;
        Channels = channels;
    }

    /// <summary>Channels every image is decoded to.</summary>
    public int Channels { get; }

    /// <summary>The image file of every item.</summary>
    public IReadOnlyList<string> Paths => paths;

    public override int Count => paths.Length;
    public override IReadOnlyList<string> Classes { get; }
    public override IReadOnlyList<int> Labels => labels;

    public override torch.Tensor GetImage(int index) => ImageFiles.Load(paths[index], Channels);
}
