using Course.Labs.Models;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Models;

/// <summary>BoT's head: features for the triplet loss in training, the BNNeck's output in eval, a bias-free classifier, a shift-free neck.</summary>
public sealed class BagOfTricksReIdNetTests
{
    [Fact]
    public void Training_gives_the_pooled_features_and_eval_the_bnneck_output()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        manual_seed(9);
        using var body = ResNet.ResNet18(numClasses: 0, stem: ResNetStem.Cifar, lastStride: 1);
        using var model = new BagOfTricksReIdNet(body, numIdentities: 5);
        using var images = randn(6, 3, 32, 16);

        model.train();
        var (logits, embedding) = model.call(images);
        using var features = body.call(images);
        Assert.Equal(new long[] { 6, 5 }, logits.shape);
        Assert.True(embedding.allclose(features, rtol: 1e-5, atol: 1e-6), "in training the embedding is the backbone's pooled features (f_t)");

        model.eval();
        var (_, evalEmbedding) = model.call(images);
        using var evalFeatures = body.call(images);
        Assert.Equal(512, evalEmbedding.shape[1]);
        Assert.False(evalEmbedding.allclose(evalFeatures, rtol: 1e-3, atol: 1e-3), "in eval the embedding is after the BNNeck (f_i)");

        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.False(parameters["neck.bias"].requires_grad);
        Assert.False(parameters.ContainsKey("classifier.bias"));
        Assert.InRange(parameters["classifier.weight"].std().item<float>(), 0.0008, 0.0012);
        Assert.Equal("classifier", model.ClassifierName);
        foreach (var t in new[] { logits, embedding, evalEmbedding }) t.Dispose();
    }

    [Fact]
    public void A_backbone_with_a_classifier_is_refused()
    {
        using var body = ResNet.ResNet18(numClasses: 10);
        var error = Assert.Throws<ArgumentException>(() => new BagOfTricksReIdNet(body, 5));
        Assert.Contains("numClasses: 0", error.Message);
    }
}
