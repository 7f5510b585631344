using TorchSharp;

namespace Course.Labs.Data.Transforms;

/// <summary>
/// torchvision's <c>Normalize</c>: (image - mean[c]) / std[c] for every channel c. Takes an image [C,H,W] or a
/// whole batch [B,C,H,W] (normalising after batching costs a few tensor operations per batch, not per image).
/// </summary>
public sealed class Normalize : ITransform
{
    private readonly float[] mean, std;

    public Normalize(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        if (mean.Count != std.Count || mean.Count == 0) throw new ArgumentException("Give one mean and one standard deviation per channel.");
        if (std.Any(s => s <= 0)) throw new ArgumentException("Standard deviations must be positive.");
        this.mean = mean.Select(m => (float)m).ToArray();
        this.std = std.Select(s => (float)s).ToArray();
    }

    public torch.Tensor Apply(torch.Tensor image, Random random)
    {
        var channels = image.dim() == 4 ? (int)image.shape[1] : ImageShape.Of(image, nameof(Normalize)).Channels;
        if (channels != mean.Length)
            throw new ArgumentException($"Normalize has {mean.Length} channel statistics but the image has {channels} channels.");
        using var meanTensor = torch.tensor(mean, [channels, 1, 1], dtype: image.dtype);
        using var stdTensor = torch.tensor(std, [channels, 1, 1], dtype: image.dtype);
        var centred = image.sub(meanTensor);
        return centred.div_(stdTensor);
    }
}
