using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// Person re-identification net (seed 000, exercise 2): a ResNet-50 body without its classifier, an identity head
/// (Linear 2048-1024-identities, trained with cross-entropy) and a metric head (Linear 2048-1024-embeddingSize,
/// trained with the triplet loss). With <c>bnNeck</c> the identity head reads batch-normalised features (BNNeck,
/// Luo et al. 2019) while the metric head keeps the raw ones.
/// </summary>
public sealed class ReIdNet : Module<Tensor, (Tensor IdentityLogits, Tensor Embedding)>
{
    private readonly ResNet backbone;
    private readonly BatchNorm1d? neck;
    private readonly Sequential idHead, metricHead;

    /// <param name="numIdentities">Identities in the training set (751 for Market-1501).</param>
    /// <param name="embeddingSize">Width of the metric embedding.</param>
    /// <param name="bnNeck">Batch-normalise the features before the identity head.</param>
    /// <param name="lastStride">Stride of the last ResNet stage (1 is common for ReID).</param>
    /// <param name="hiddenSize">Width of the hidden layer of both heads (1024 in the seed).</param>
    /// <param name="backbone">Another feature extractor (built with <c>numClasses: 0</c>); ResNet-50 when null.</param>
    public ReIdNet(long numIdentities, long embeddingSize = 128, bool bnNeck = false, long lastStride = 2, long hiddenSize = 1024, ResNet? backbone = null)
        : base(nameof(ReIdNet))
    {
        ModelArguments.Positive(numIdentities, nameof(numIdentities));
        ModelArguments.Positive(embeddingSize, nameof(embeddingSize));
        ModelArguments.Positive(hiddenSize, nameof(hiddenSize));
        this.backbone = backbone ?? ResNet.ResNet50(numClasses: 0, lastStride: lastStride);
        long features = this.backbone.FeatureSize;
        if (bnNeck)
        {
            neck = new BatchNorm1d(features);
            neck.bias!.requires_grad = false;   // BNNeck: no shift, so the identity head sees centred features.
        }
        idHead = Sequential(("0", Linear(features, hiddenSize)), ("1", Linear(hiddenSize, numIdentities)));
        metricHead = Sequential(("0", Linear(features, hiddenSize)), ("1", Linear(hiddenSize, embeddingSize)));
        RegisterComponents();
    }

    /// <summary>Identity logits [N, identities] and metric embedding [N, embeddingSize].</summary>
    public override (Tensor IdentityLogits, Tensor Embedding) forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var features = backbone.call(x);
        var logits = idHead.call(neck is null ? features : neck.call(features));
        var embedding = metricHead.call(features);
        return (logits.MoveToOuterDisposeScope(), embedding.MoveToOuterDisposeScope());
    }
}
