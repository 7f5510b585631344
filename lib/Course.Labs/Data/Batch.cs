using TorchSharp;

namespace Course.Labs.Data;

/// <summary>One mini-batch: images [B,C,H,W] float32, labels [B] int64, and the data-set index of each item.</summary>
public sealed class Batch(torch.Tensor images, torch.Tensor labels, int[] indices) : IDisposable
{
    public torch.Tensor Images { get; } = images;
    public torch.Tensor Labels { get; } = labels;

    /// <summary>The data-set index of each item, in batch order.</summary>
    public IReadOnlyList<int> Indices { get; } = indices;

    /// <summary>Number of items.</summary>
    public int Size => Indices.Count;

    /// <summary>Allows <c>foreach (var (x, y) in loader)</c>.</summary>
    public void Deconstruct(out torch.Tensor images, out torch.Tensor labels) => (images, labels) = (Images, Labels);

    /// <summary>Frees both tensors (safe to call more than once).</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
