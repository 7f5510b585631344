using TorchSharp;

namespace Course.Labs.Data;

/// <summary>PyTorch's <c>Subset</c>: the items of <see cref="Source"/> at <see cref="Indices"/>, in that order.</summary>
public sealed class Subset : ImageDataset
{
    private readonly int[] indices;
    private readonly int[] labels;

    public Subset(ImageDataset source, IReadOnlyList<int> indices)
    {
        foreach (var index in indices)
            if ((uint)index >= (uint)source.Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"The source data set has {source.Count} items.");
        Source = source;
        this.indices = [.. indices];
        labels = this.indices.Select(i => source.Labels[i]).ToArray();
    }

    /// <summary>The data set the items come from.</summary>
    public ImageDataset Source { get; }

    /// <summary>Index in <see cref="Source"/> of each item.</summary>
    public IReadOnlyList<int> Indices => indices;

    public override int Count => indices.Length;
    public override IReadOnlyList<string> Classes => Source.Classes;
    public override IReadOnlyList<int> Labels => labels;
    public override torch.Tensor GetImage(int index) => Source.GetImage(indices[index]);
    public override (torch.Tensor Image, int Label) GetItem(int index, Random random) => Source.GetItem(indices[index], random);
}
