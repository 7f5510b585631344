using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// The re-identification baseline of "Bag of Tricks and a Strong Baseline for Deep Person Re-identification" (Luo et
/// al. 2019, BoT): a ResNet body (pass one built with <c>numClasses: 0, lastStride: 1</c>, ImageNet-pretrained or
/// not) gives the pooled features f_t, which the triplet loss reads; a BNNeck (BatchNorm1d without a shift) gives
/// f_i, which a bias-free linear layer, initialised N(0, 0.001), turns into identity logits for the cross-entropy.
/// <see cref="forward"/> returns (IdentityLogits, Embedding) like <see cref="ReIdNet"/>: the embedding is f_t in
/// training and f_i in eval mode, the features BoT retrieves with.
/// </summary>
public sealed class BagOfTricksReIdNet : Module<Tensor, (Tensor IdentityLogits, Tensor Embedding)>, IHasClassifier
{
    private readonly ResNet backbone;
    private readonly BatchNorm1d neck;
    private readonly Linear classifier;

    /// <param name="backbone">A ResNet without a classifier (<c>numClasses: 0</c>); BoT uses last stride 1.</param>
    /// <param name="numIdentities">Identities in the training set (751 for Market-1501).</param>
    public BagOfTricksReIdNet(ResNet backbone, long numIdentities) : base(nameof(BagOfTricksReIdNet))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (backbone.ClassifierName is not null)
            throw new ArgumentException("The backbone must end at its pooled features: build it with numClasses: 0.", nameof(backbone));
        ModelArguments.Positive(numIdentities, nameof(numIdentities));
        this.backbone = backbone;
        neck = new BatchNorm1d(backbone.FeatureSize);
        neck.bias!.requires_grad = false;   // BNNeck: no shift, so the classifier's hyperplanes pass through the origin
        classifier = Linear(backbone.FeatureSize, numIdentities, hasBias: false);
        RegisterComponents();
        using var noGrad = no_grad();
        init.normal_(classifier.weight, 0, 0.001);
    }

    /// <summary>Width of the embedding (the backbone's feature size).</summary>
    public long EmbeddingSize => backbone.FeatureSize;

    /// <inheritdoc />
    public string? ClassifierName => "classifier";

    /// <summary>Identity logits [N, identities] and the embedding [N, features]: f_t when training, f_i (after the BNNeck) in eval mode.</summary>
    public override (Tensor IdentityLogits, Tensor Embedding) forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var features = backbone.call(x);
        var normalised = neck.call(features);
        var logits = classifier.call(normalised);
        var embedding = training ? features : normalised;
        return (logits.MoveToOuterDisposeScope(), embedding.MoveToOuterDisposeScope());
    }
}
