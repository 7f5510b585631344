using System.Runtime.InteropServices;
using Course.Labs.Data.Transforms;
using Course.Labs.Runtime;
using TorchSharp;

namespace Course.Labs.Data;

/// <summary>PyTorch's default collate: stacks the images of some items into [B,C,H,W] and their labels into int64 [B].</summary>
public static class BatchBuilder
{
    /// <summary>
    /// Builds the batch of <paramref name="indices"/> from the items <see cref="ImageDataset.GetItem"/> gives. Each image
    /// passes through <paramref name="transform"/>; the item and the transform draw from one generator seeded by
    /// <paramref name="seed"/>, so a batch is reproducible. In-memory data without a transform is copied straight into
    /// the batch tensor's memory.
    /// </summary>
    public static Batch Build(ImageDataset dataset, IReadOnlyList<int> indices, ITransform? transform = null, int seed = 0)
    {
        if (transform is null && InMemorySource(dataset, out var store, out var toStoreIndex))
        {
            var stacked = torch.empty([indices.Count, store.Channels, store.Height, store.Width], torch.float32);
            var values = MemoryMarshal.Cast<byte, float>(stacked.bytes);
            for (var k = 0; k < indices.Count; k++)
                store.CopyImage(toStoreIndex(indices[k]), values.Slice(k * store.ImageSize, store.ImageSize));
            return new Batch(stacked, torch.tensor(indices.Select(i => (long)dataset.Labels[i]).ToArray()), [.. indices]);
        }
        var random = Reproducibility.Random(seed);
        var images = new torch.Tensor[indices.Count];
        var labels = new long[indices.Count];
        try
        {
            for (var k = 0; k < indices.Count; k++)
            {
                var (image, label) = dataset.GetItem(indices[k], random);
                labels[k] = label;
                images[k] = transform is null ? image : TransformAndFree(transform, image, random);
            }
            return new Batch(torch.stack(images), torch.tensor(labels), [.. indices]);
        }
        finally
        {
            foreach (var image in images) image?.Dispose();
        }
    }

    /// <summary>
    /// A batch of <paramref name="count"/> items drawn at random without replacement, the same for the same
    /// <paramref name="seed"/> (all items, shuffled, when the data set has fewer): a fair look at a data set whose
    /// items are stored in class order.
    /// </summary>
    public static Batch Sample(ImageDataset dataset, int count, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var shuffled = Splits.Shuffled(Enumerable.Range(0, dataset.Count).ToList(), new Random(seed));
        return Build(dataset, shuffled.Take(count).ToArray());
    }

    private static torch.Tensor TransformAndFree(ITransform transform, torch.Tensor image, Random random)
    {
        var result = transform.Apply(image, random);
        if (!ReferenceEquals(result, image)) image.Dispose();
        return result;
    }

    /// <summary>True when the items live in an <see cref="InMemoryImageDataset"/>, directly or through subsets.</summary>
    private static bool InMemorySource(ImageDataset dataset, out InMemoryImageDataset store, out Func<int, int> toStoreIndex)
    {
        switch (dataset)
        {
            case InMemoryImageDataset inMemory:
                (store, toStoreIndex) = (inMemory, i => i);
                return true;
            case Subset subset when InMemorySource(subset.Source, out var inner, out var innerIndex):
                (store, toStoreIndex) = (inner, i => innerIndex(subset.Indices[i]));
                return true;
            default:
                (store, toStoreIndex) = (null!, null!);
                return false;
        }
    }
}
