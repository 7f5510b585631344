using Course.Labs.Models;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Models;

/// <summary>ResNetEmbeddingNet's stem choice: the seed's CIFAR stem by default, the ImageNet stem on request.</summary>
public sealed class ResNetEmbeddingStemTests
{
    private static long Conv1Kernel(ResNetEmbeddingNet model)
        => model.named_parameters().Single(p => p.name == "backbone.conv1.weight").parameter.shape[^1];

    [Fact]
    public void Default_is_the_seed_cifar_stem() => Assert.Equal(3, Conv1Kernel(new ResNetEmbeddingNet(embeddingSize: 8, inChannels: 1)));

    [Fact]
    public void ImageNet_stem_embeds_28px_images_on_the_alpha_sphere()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var model = new ResNetEmbeddingNet(embeddingSize: 16, inChannels: 1, alpha: 10, stem: ResNetStem.ImageNet);
        Assert.Equal(7, Conv1Kernel(model));
        var embedding = model.call(randn(3, 1, 28, 28));
        Assert.Equal([3L, 16], embedding.shape);
        Assert.True(allclose(embedding.norm(1), full(3, 10f), rtol: 1e-4, atol: 1e-4));
        embedding.sum().backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
    }
}
