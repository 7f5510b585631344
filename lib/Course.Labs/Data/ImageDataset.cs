using TorchSharp;

namespace Course.Labs.Data;

/// <summary>
/// A labelled image data set, PyTorch's <c>Dataset</c> for classification: item <c>i</c> is an image tensor
/// [C,H,W] (float32, values 0..1 before normalisation) and its class index.
/// </summary>
public abstract class ImageDataset
{
    /// <summary>Number of items (PyTorch's <c>len(dataset)</c>).</summary>
    public abstract int Count { get; }

    /// <summary>Class names; a label is an index into this list.</summary>
    public abstract IReadOnlyList<string> Classes { get; }

    /// <summary>The label of every item, in item order (read without decoding any image).</summary>
    public abstract IReadOnlyList<int> Labels { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount => Classes.Count;

    /// <summary>Item <paramref name="index"/>'s image as a new tensor [C,H,W]; the caller owns (disposes) it.</summary>
    public abstract torch.Tensor GetImage(int index);

    /// <summary>
    /// Item <paramref name="index"/> as a loader asks for it (PyTorch's <c>__getitem__</c>): its image (owned by the caller)
    /// and its label. The default is <see cref="GetImage"/> and <see cref="Labels"/>; a data set that transforms its own
    /// items (a training and a test mode, as torchvision's datasets with a <c>transform</c>) overrides it and draws any
    /// randomness from <paramref name="random"/>, which the loader seeds per batch.
    /// </summary>
    public virtual (torch.Tensor Image, int Label) GetItem(int index, Random random) => (GetImage(index), Labels[index]);

    /// <summary>Item <paramref name="index"/>: its image (owned by the caller) and its label (PyTorch's <c>dataset[i]</c>).</summary>
    public (torch.Tensor Image, int Label) this[int index] => GetItem(index, Random.Shared);
}
