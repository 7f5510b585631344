using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// The library's models by torchvision's names (<c>torchvision.models.resnet50()</c> is <c>Create("resnet50")</c>): the
/// same layer names, shapes and initialisation, so a state dict exported from torchvision (see
/// <c>Weights/export_torchvision.py</c>) loads into them as it is.
/// </summary>
public static class TorchvisionModels
{
    private static readonly Dictionary<string, Func<long, Module<Tensor, Tensor>>> Constructors = new(StringComparer.Ordinal)
    {
        ["alexnet"] = n => new AlexNet(n),
        ["vgg11"] = n => Vgg.Vgg11(numClasses: n),
        ["vgg11_bn"] = n => Vgg.Vgg11(batchNorm: true, numClasses: n),
        ["vgg13"] = n => Vgg.Vgg13(numClasses: n),
        ["vgg13_bn"] = n => Vgg.Vgg13(batchNorm: true, numClasses: n),
        ["vgg16"] = n => Vgg.Vgg16(numClasses: n),
        ["vgg16_bn"] = n => Vgg.Vgg16(batchNorm: true, numClasses: n),
        ["vgg19"] = n => Vgg.Vgg19(numClasses: n),
        ["vgg19_bn"] = n => Vgg.Vgg19(batchNorm: true, numClasses: n),
        ["resnet18"] = n => ResNet.ResNet18(n),
        ["resnet34"] = n => ResNet.ResNet34(n),
        ["resnet50"] = n => ResNet.ResNet50(n),
        ["resnet101"] = n => ResNet.ResNet101(n),
        ["resnet152"] = n => ResNet.ResNet152(n),
        ["resnext50_32x4d"] = n => ResNet.ResNeXt50_32x4d(n),
        ["resnext101_32x8d"] = n => ResNet.ResNeXt101_32x8d(n),
        ["densenet121"] = n => ImageNetDenseNet.DenseNet121(n),
        ["densenet161"] = n => ImageNetDenseNet.DenseNet161(n),
        ["densenet169"] = n => ImageNetDenseNet.DenseNet169(n),
        ["densenet201"] = n => ImageNetDenseNet.DenseNet201(n),
        ["squeezenet1_0"] = n => SqueezeNet.SqueezeNet1_0(n),
        ["squeezenet1_1"] = n => SqueezeNet.SqueezeNet1_1(n),
    };

    /// <summary>Every name <see cref="Create"/> knows, in torchvision's spelling.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Constructors.Keys];

    /// <summary>
    /// torchvision's <paramref name="name"/> (e.g. <c>resnet50</c>, <c>vgg16_bn</c>, <c>squeezenet1_1</c>) for 3-channel
    /// images, untrained, with <paramref name="numClasses"/> outputs. Every one of them is an <see cref="IHasClassifier"/>.
    /// </summary>
    public static Module<Tensor, Tensor> Create(string name, long numClasses = 1000)
    {
        if (!Constructors.TryGetValue(name ?? "", out var constructor))
            throw new ArgumentException($"'{name}' is not one of torchvision's models the library builds: {string.Join(", ", Names)}.", nameof(name));
        return constructor(numClasses);
    }
}
