using Course.Labs.Data.Transforms;
using static TorchSharp.torch;

namespace Course.Labs.Weights;

/// <summary>
/// torchvision's ImageNet input normalisation, <c>Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])</c>, which
/// torchvision's pretrained weights expect (the original lab's question 2), for an RGB or grey image [C,H,W] or a batch
/// [N,C,H,W] with values in 0..1; a grey channel is used for all three colours. (The course's own ResNet-18 weights expect
/// <see cref="ResNet18ImageNetPreprocess"/> instead.)
/// </summary>
public sealed class ImageNetNormalize : ITransform
{
    /// <summary>torchvision's ImageNet channel means (R, G, B).</summary>
    public static readonly IReadOnlyList<double> Mean = [0.485, 0.456, 0.406];

    /// <summary>torchvision's ImageNet channel standard deviations (R, G, B).</summary>
    public static readonly IReadOnlyList<double> Std = [0.229, 0.224, 0.225];

    private readonly Normalize normalize = new(Mean, Std);

    public Tensor Apply(Tensor image, Random random)
    {
        int channelAxis = image.ndim == 4 ? 1 : 0;
        if (image.ndim is not (3 or 4) || image.shape[channelAxis] is not (1 or 3))
            throw new ArgumentException($"ImageNetNormalize expects an RGB or grey image [C,H,W] or batch [N,C,H,W], got [{string.Join(", ", image.shape)}].");
        if (image.shape[channelAxis] == 3) return normalize.Apply(image, random);
        using var rgb = image.expand(image.ndim == 4 ? [-1, 3, -1, -1] : [3, -1, -1]);
        return normalize.Apply(rgb, random);
    }
}
