using Course.Labs.Models;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Models;

/// <summary>Every model runs forward and backward on tiny inputs and returns the documented shape.</summary>
public sealed class ModelForwardTests
{
    private static long[] ForwardShape(nn.Module<Tensor, Tensor> model, params long[] inputShape)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var output = model.call(randn(inputShape));
        output.sum().backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
        return output.shape;
    }

    [Fact]
    public void Mlp_flattens_images() => Assert.Equal([4L, 10], ForwardShape(new Mlp(784, 256, 10), 4, 1, 28, 28));

    [Fact]
    public void Cifar_resnet18_on_mnist_sized_input() =>
        Assert.Equal([2L, 10], ForwardShape(ResNet.ResNet18(numClasses: 10, inChannels: 1, stem: ResNetStem.Cifar), 2, 1, 28, 28));

    [Fact]
    public void Imagenet_resnet50_with_last_stride_1_keeps_twice_the_resolution()
    {
        using var scope = NewDisposeScope();
        var body = ResNet.ResNet50(numClasses: 0, lastStride: 1);
        var summary = body.Summary(1, 3, 64, 64);
        Assert.Equal([1L, 2048, 4, 4], summary.Layers.Last(l => l.Type == "Conv2d").OutputShape);
        Assert.Equal(2048, body.FeatureSize);
    }

    [Fact]
    public void Seed_densenet_fits_28_and_32_pixel_inputs()
    {
        Assert.Equal([2L, 10], ForwardShape(DenseNet.Seed(inChannels: 1), 2, 1, 28, 28));
        Assert.Equal([2L, 10], ForwardShape(DenseNet.Seed(), 2, 3, 32, 32));
    }

    [Fact]
    public void ResNeXt_32x16x8d_classifies() =>
        Assert.Equal([2L, 10], ForwardShape(ResNeXt.ResNeXt32x16x8d(), 2, 3, 32, 32));

    [Fact]
    public void Small_input_vgg11_bn_classifies() =>
        Assert.Equal([2L, 10], ForwardShape(Vgg.Vgg11(batchNorm: true, numClasses: 10, inChannels: 1, smallInput: true), 2, 1, 32, 32));

    [Fact]
    public void Autoencoders_reconstruct_the_input_shape_in_unit_range()
    {
        using var scope = NewDisposeScope();
        var x = rand(3, 1, 28, 28);
        var fc = new FullyConnectedAutoencoder([1, 28, 28], [128], codeSize: 2);
        var conv = new ConvolutionalAutoencoder(codeSize: 16);
        Assert.Equal([3L, 2], fc.Encoder.call(x).shape);
        Assert.Equal([3L, 16], conv.Encoder.call(x).shape);
        foreach (var reconstruction in new[] { fc.call(x), conv.call(x) })
        {
            Assert.Equal(x.shape, reconstruction.shape);
            Assert.True(reconstruction.min().item<float>() >= 0 && reconstruction.max().item<float>() <= 1);
        }
        Assert.Equal([3L, 1, 28, 28], conv.Decoder.call(randn(3, 16)).shape);
    }

    [Fact]
    public void Seed_embedding_net_maps_mnist_to_its_embedding_size() =>
        Assert.Equal([4L, 2], ForwardShape(new EmbeddingNet(embeddingSize: 2), 4, 1, 28, 28));

    [Fact]
    public void ResNet_embedding_has_norm_alpha()
    {
        using var scope = NewDisposeScope();
        var model = new ResNetEmbeddingNet(embeddingSize: 16, inChannels: 1, alpha: 10);
        var embedding = model.call(randn(3, 1, 28, 28));
        Assert.Equal([3L, 16], embedding.shape);
        Assert.True(allclose(embedding.norm(1), full(3, 10f), rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void ReId_net_returns_identity_logits_and_embedding()
    {
        using var scope = NewDisposeScope();
        var backbone = ResNet.ResNet18(numClasses: 0, stem: ResNetStem.Cifar);
        var model = new ReIdNet(numIdentities: 7, embeddingSize: 32, bnNeck: true, hiddenSize: 64, backbone: backbone);
        var (logits, embedding) = model.call(randn(4, 3, 32, 16));
        Assert.Equal([4L, 7], logits.shape);
        Assert.Equal([4L, 32], embedding.shape);
    }
}
