using Course.Labs.Data.Transforms;
using TorchSharp;

namespace Course.Labs.Data.ReId;

/// <summary>
/// Person images of one part of a re-identification set (train, query or gallery) as an <see cref="ImageDataset"/>:
/// item i is the image resized to the network's input (256 x 128 by default, Market-1501's aspect ratio) and its
/// label (training: the relabelled id 0..N-1; query/gallery: the person id). Cameras are kept for evaluation.
/// </summary>
public sealed class ReIdImageDataset : ImageDataset
{
    private readonly IReadOnlyList<ReIdImage> images;
    private readonly Resize resize;
    private readonly int[] labels;

    public ReIdImageDataset(IReadOnlyList<ReIdImage> images, int height = 256, int width = 128)
    {
        ArgumentNullException.ThrowIfNull(images);
        this.images = images;
        Height = height;
        Width = width;
        resize = new Resize(height, width);
        labels = images.Select(i => i.Label).ToArray();
        int classes = labels.Length == 0 ? 0 : labels.Max() + 1;
        Classes = Enumerable.Range(0, classes).Select(i => i.ToString("D4")).ToList();
    }

    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<ReIdImage> Images => images;
    public override int Count => images.Count;
    public override IReadOnlyList<string> Classes { get; }
    public override IReadOnlyList<int> Labels => labels;

    /// <summary>Person id of every item (0 = distractor).</summary>
    public IReadOnlyList<int> PersonIds => images.Select(i => i.PersonId).ToList();

    /// <summary>Zero-based camera of every item.</summary>
    public IReadOnlyList<int> CameraIds => images.Select(i => i.CameraId).ToList();

    public override torch.Tensor GetImage(int index)
    {
        using var image = ImageFiles.Load(images[index].Path, 3);
        var resized = resize.Apply(image, Random.Shared);
        return ReferenceEquals(resized, image) ? image.clone() : resized;
    }

    /// <summary>ImageNet's channel means and standard deviations, which ReID backbones expect.</summary>
    public static readonly double[] Mean = [0.485, 0.456, 0.406], Std = [0.229, 0.224, 0.225];

    /// <summary>
    /// The training augmentation of the ReID strong baseline (BoT): random horizontal flip, 10-pixel padding with a
    /// random crop back to size, normalisation, random erasing with probability 0.5.
    /// </summary>
    public ITransform TrainTransform(double erasing = 0.5) => new Compose(
        new RandomHorizontalFlip(),
        new RandomCrop(Height, Width, padding: 10),
        new Normalize(Mean, Std),
        new RandomErasing(p: erasing));

    /// <summary>Evaluation: normalisation only.</summary>
    public static ITransform TestTransform() => new Normalize(Mean, Std);
}
