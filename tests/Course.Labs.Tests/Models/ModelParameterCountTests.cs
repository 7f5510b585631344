using Course.Labs.Models;
using TorchSharp.Modules;

namespace Course.Labs.Tests.Models;

/// <summary>Parameter and layer counts against the figures torchvision and the seeds quote.</summary>
public sealed class ModelParameterCountTests
{
    [Fact]
    public void ResNet18_matches_torchvision() => Assert.Equal(11_689_512, ResNet.ResNet18().ParameterCount());

    [Fact]
    public void ResNet34_matches_torchvision() => Assert.Equal(21_797_672, ResNet.ResNet34().ParameterCount());

    [Fact]
    public void ResNet50_matches_torchvision() => Assert.Equal(25_557_032, ResNet.ResNet50().ParameterCount());

    [Fact]
    public void Vgg19_bn_matches_torchvision() => Assert.Equal(143_678_248, Vgg.Vgg19(batchNorm: true).ParameterCount());

    [Fact]
    public void Vgg11_matches_torchvision() => Assert.Equal(132_863_336, Vgg.Vgg11().ParameterCount());

    [Fact]
    public void Seed_densenet_has_39_convolution_and_linear_layers()
    {
        var model = DenseNet.Seed();
        Assert.Equal(39, model.LayerCount<Conv2d>() + model.LayerCount<Linear>());
    }

    [Fact]
    public void DenseNet52_has_52_convolutions()
        => Assert.Equal(52, DenseNet.DenseNet52().LayerCount<Conv2d>());

    [Fact]
    public void Cifar_stem_and_channels_change_only_the_first_convolution()
    {
        // ImageNet stem conv1: 64*3*7*7 = 9,408; CIFAR stem with 1 channel: 64*1*3*3 = 576; the classifier 512*10+10.
        long imagenet = ResNet.ResNet18(numClasses: 10).ParameterCount();
        long cifarMono = ResNet.ResNet18(numClasses: 10, inChannels: 1, stem: ResNetStem.Cifar).ParameterCount();
        Assert.Equal(9_408 - 576, imagenet - cifarMono);
    }

    [Fact]
    public void Trainable_count_excludes_a_frozen_bnneck_bias()
    {
        var backbone = ResNet.ResNet18(numClasses: 0, stem: ResNetStem.Cifar);
        var model = new ReIdNet(numIdentities: 5, embeddingSize: 8, bnNeck: true, hiddenSize: 16, backbone: backbone);
        Assert.Equal(512, model.ParameterCount() - model.ParameterCount(trainableOnly: true));
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Vgg(12, batchNorm: false));
        Assert.Equal("depth", e.ParamName);
        var blocks = Assert.Throws<ArgumentException>(() => new DenseNet([2, 5, 4]));
        Assert.Equal("blocks", blocks.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvolutionalAutoencoder(imageSize: 30));
    }
}
