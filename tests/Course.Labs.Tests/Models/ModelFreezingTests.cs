using Course.Labs.Models;
using Course.Labs.Models.Layers;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Models;

/// <summary>A frozen backbone (a linear probe): only the classifier gets gradients, and BatchNorm keeps its running statistics in training mode.</summary>
public sealed class ModelFreezingTests
{
    [Fact]
    public void Only_the_classifier_trains_and_the_features_are_the_eval_mode_ones()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        manual_seed(4);
        using var model = ResNet.ResNet18(numClasses: 10, stem: ResNetStem.Cifar);
        using var warm = randn(8, 3, 32, 32);
        using (var noGrad = no_grad()) { model.train(); model.call(warm).Dispose(); }   // running statistics no longer 0 and 1
        var before = model.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());

        long trainable = model.FreezeBackbone();
        Assert.Equal(512 * 10 + 10, trainable);
        Assert.All(model.named_parameters(), p => Assert.Equal(p.name.StartsWith("fc."), p.parameter.requires_grad));
        Assert.All(model.modules().OfType<BatchNormLayer>(), bn => Assert.True(bn.FrozenStatistics));

        using var images = randn(4, 3, 32, 32);
        model.train();   // what the Trainer does every epoch
        using var trainFeatures = model.Features(images);
        using (var loss = model.call(images).sum()) loss.backward();
        Assert.All(model.named_parameters(), p => Assert.Equal(p.name.StartsWith("fc."), p.parameter.grad is not null));
        foreach (var (name, value) in model.state_dict())
            Assert.True(value.equal(before[name]).all().item<bool>(), $"{name} changed in a frozen forward pass");
        model.eval();
        using var evalFeatures = model.Features(images);
        Assert.True(trainFeatures.allclose(evalFeatures, rtol: 1e-5, atol: 1e-6), "frozen BatchNorm must normalise with its running statistics");

        model.Unfreeze();
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.All(model.modules().OfType<BatchNormLayer>(), bn => Assert.False(bn.FrozenStatistics));
        foreach (var t in before.Values) t.Dispose();
    }

    [Fact]
    public void Every_torchvision_model_names_its_classifier()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        foreach (var name in new[] { "alexnet", "squeezenet1_1", "densenet121", "vgg11" })
        {
            using var model = TorchvisionModels.Create(name, numClasses: 7);
            long head = model.named_parameters().Where(p => p.name.StartsWith(((IHasClassifier)model).ClassifierName! + ".")).Sum(p => p.parameter.numel());
            Assert.True(head > 0, name);
            Assert.Equal(head, model.FreezeBackbone());
        }
    }

    [Fact]
    public void A_model_without_a_classifier_of_its_own_needs_the_heads_name()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        using var model = nn.Sequential(("body", nn.Linear(4, 3)), ("head", nn.Linear(3, 2)));
        var error = Assert.Throws<ArgumentException>(() => model.FreezeBackbone());
        Assert.Contains("classifierName", error.Message);
        Assert.Equal(3 * 2 + 2, model.FreezeBackbone("head"));
        var wrong = Assert.Throws<ArgumentException>(() => model.FreezeBackbone("fc"));
        Assert.Contains("body, head", wrong.Message);
    }
}
