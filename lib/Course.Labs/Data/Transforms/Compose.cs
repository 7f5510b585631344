using TorchSharp;

namespace Course.Labs.Data.Transforms;

/// <summary>torchvision's <c>transforms.Compose</c>: applies each transform in turn, freeing the intermediate images.</summary>
public sealed class Compose(params ITransform[] transforms) : ITransform
{
    public IReadOnlyList<ITransform> Transforms { get; } = transforms;

    public torch.Tensor Apply(torch.Tensor image, Random random)
    {
        var current = image;
        foreach (var transform in Transforms)
        {
            var next = transform.Apply(current, random);
            if (!ReferenceEquals(current, image) && !ReferenceEquals(current, next)) current.Dispose();
            current = next;
        }
        return current;
    }
}
