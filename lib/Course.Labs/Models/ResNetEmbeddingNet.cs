using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>
/// Seed 001's FaceNet-style embedding: a CIFAR-stem ResNet-18 body, Linear(512, embeddingSize), then each
/// embedding L2-normalised and multiplied by <c>alpha</c> (10, as arXiv:1703.09507 suggests) so the triplet
/// margin has a fixed scale. <c>stem</c> picks the first layers: the seed's CIFAR stem (full resolution, slow on a
/// CPU) or the ImageNet stem (stride 4 at once: about ten times fewer operations at 28x28).
/// </summary>
public sealed class ResNetEmbeddingNet : Module<Tensor, Tensor>
{
    private readonly ResNet backbone;
    private readonly Linear linear;
    private readonly double alpha;

    public ResNetEmbeddingNet(long embeddingSize = 256, long inChannels = 3, double alpha = 10.0, ResNetStem stem = ResNetStem.Cifar) : base(nameof(ResNetEmbeddingNet))
    {
        ModelArguments.Positive(embeddingSize, nameof(embeddingSize));
        ModelArguments.Positive(alpha, nameof(alpha));
        backbone = ResNet.ResNet18(numClasses: 0, inChannels: inChannels, stem: stem);
        linear = Linear(backbone.FeatureSize, embeddingSize);
        this.alpha = alpha;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var embedding = linear.call(backbone.call(x));
        // The seed divides by sqrt(sum of squares + 1e-10); normalize() clamps the norm at eps instead: same away from 0.
        return normalize(embedding, p: 2, dim: 1, eps: 1e-10).mul_(alpha).MoveToOuterDisposeScope();
    }
}
