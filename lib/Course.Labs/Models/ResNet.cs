using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>
/// ResNet as torchvision builds it (same layer names, so torchvision weights map one to one), with a choice of
/// stem (ImageNet 7x7 + max-pool, or CIFAR 3x3 for 28-32 px inputs), any number of input channels and the
/// stride of the last stage (1 keeps more resolution, as ReID nets do). <c>numClasses: 0</c> drops the
/// classifier: <see cref="forward"/> then returns the pooled features.
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>, IHasClassifier
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d? maxpool;
    private readonly Sequential layer1, layer2, layer3, layer4;
    private readonly Linear? fc;

    /// <summary>Channels of the pooled feature vector (512 for ResNet-18/34, 2048 for ResNet-50).</summary>
    public long FeatureSize { get; }

    /// <param name="block">Basic (ResNet-18/34) or Bottleneck (ResNet-50/101/152).</param>
    /// <param name="layers">Blocks per stage, four values ([2,2,2,2] for ResNet-18).</param>
    /// <param name="numClasses">Classifier outputs; 0 for no classifier (features out).</param>
    /// <param name="inChannels">Input channels (1 for MNIST, 3 for RGB).</param>
    /// <param name="stem">ImageNet (224 px) or Cifar (28-32 px) first layers.</param>
    /// <param name="lastStride">Stride of the fourth stage: 2 (torchvision) or 1.</param>
    /// <param name="groups">Convolution groups in bottlenecks (ResNeXt cardinality).</param>
    /// <param name="widthPerGroup">Channels per group in bottlenecks (ResNeXt bottleneck width; 64 for ResNet).</param>
    public ResNet(ResNetBlockKind block, IReadOnlyList<int> layers, long numClasses = 1000, long inChannels = 3,
        ResNetStem stem = ResNetStem.ImageNet, long lastStride = 2, long groups = 1, long widthPerGroup = 64)
        : base(nameof(ResNet))
    {
        ModelArguments.NonEmpty(layers, 4, nameof(layers));
        ModelArguments.Positive(inChannels, nameof(inChannels));
        ModelArguments.Positive(groups, nameof(groups));
        ModelArguments.Positive(widthPerGroup, nameof(widthPerGroup));
        if (numClasses < 0) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "numClasses must be 0 (no classifier) or positive.");
        if (lastStride is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(lastStride), lastStride, "lastStride must be 1 or 2.");
        if (block == ResNetBlockKind.Basic && (groups != 1 || widthPerGroup != 64))
            throw new ArgumentException("Basic blocks support only groups=1 and widthPerGroup=64; use ResNetBlockKind.Bottleneck for ResNeXt.", nameof(block));

        conv1 = stem == ResNetStem.ImageNet
            ? Conv2d(inChannels, 64, kernel_size: 7, stride: 2, padding: 3, bias: false)
            : Conv2d(inChannels, 64, kernel_size: 3, stride: 1, padding: 1, bias: false);
        bn1 = new BatchNorm2d(64);
        maxpool = stem == ResNetStem.ImageNet ? MaxPool2d(kernel_size: 3, stride: 2, padding: 1) : null;

        long channels = 64;
        Sequential Stage(long planes, int count, long stride)
        {
            var blocks = new List<(string, Module<Tensor, Tensor>)>();
            for (int i = 0; i < count; i++)
            {
                long s = i == 0 ? stride : 1;
                Module<Tensor, Tensor> unit = block == ResNetBlockKind.Basic
                    ? new BasicBlock(channels, planes, s)
                    : new Bottleneck(channels, planes, s, groups, widthPerGroup);
                blocks.Add((i.ToString(), unit));
                channels = planes * (block == ResNetBlockKind.Basic ? BasicBlock.Expansion : Bottleneck.Expansion);
            }
            return Sequential(blocks);
        }
        layer1 = Stage(64, layers[0], 1);
        layer2 = Stage(128, layers[1], 2);
        layer3 = Stage(256, layers[2], 2);
        layer4 = Stage(512, layers[3], lastStride);
        FeatureSize = channels;
        fc = numClasses > 0 ? Linear(channels, numClasses) : null;
        RegisterComponents();
        TorchvisionInit.Apply(this);
    }

    /// <summary>ResNet-18 (11,689,512 parameters with the ImageNet stem, 3 channels and 1000 classes).</summary>
    public static ResNet ResNet18(long numClasses = 1000, long inChannels = 3, ResNetStem stem = ResNetStem.ImageNet, long lastStride = 2)
        => new(ResNetBlockKind.Basic, [2, 2, 2, 2], numClasses, inChannels, stem, lastStride);

    /// <summary>
    /// The "ResNet18" of CNTK's ImageNet model zoo, which NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 ships pretrained
    /// (<c>Pretrained.ResNet18ImageNet</c>): torchvision's layers and names, but 2, 2, 2 and 3 basic blocks per stage
    /// (torchvision's ResNet-18: 2, 2, 2, 2), so 15,897,152 parameters before a classifier. Untrained, it is the same
    /// network from scratch.
    /// </summary>
    public static ResNet CntkResNet18(long numClasses = 1000, long inChannels = 3, ResNetStem stem = ResNetStem.ImageNet, long lastStride = 2)
        => new(ResNetBlockKind.Basic, [2, 2, 2, 3], numClasses, inChannels, stem, lastStride);

    /// <summary>ResNet-34 (21,797,672 parameters in torchvision's configuration).</summary>
    public static ResNet ResNet34(long numClasses = 1000, long inChannels = 3, ResNetStem stem = ResNetStem.ImageNet, long lastStride = 2)
        => new(ResNetBlockKind.Basic, [3, 4, 6, 3], numClasses, inChannels, stem, lastStride);

    /// <summary>ResNet-50 (25,557,032 parameters in torchvision's configuration).</summary>
    public static ResNet ResNet50(long numClasses = 1000, long inChannels = 3, ResNetStem stem = ResNetStem.ImageNet, long lastStride = 2)
        => new(ResNetBlockKind.Bottleneck, [3, 4, 6, 3], numClasses, inChannels, stem, lastStride);

    /// <summary>
    /// torchvision's <c>resnext50_32x4d</c>: bottlenecks of 32 groups of 4 channels (in the first stage; doubling
    /// each stage), 25,028,904 parameters with the ImageNet head.
    /// </summary>
    public static ResNet ResNeXt50_32x4d(long numClasses = 1000, long inChannels = 3, ResNetStem stem = ResNetStem.ImageNet, long lastStride = 2)
        => new(ResNetBlockKind.Bottleneck, [3, 4, 6, 3], numClasses, inChannels, stem, lastStride, groups: 32, widthPerGroup: 4);

    /// <summary>torchvision's <c>resnext101_32x8d</c>.</summary>
    public static ResNet ResNeXt101_32x8d(long numClasses = 1000, long inChannels = 3, ResNetStem stem = ResNetStem.ImageNet, long lastStride = 2)
        => new(ResNetBlockKind.Bottleneck, [3, 4, 23, 3], numClasses, inChannels, stem, lastStride, groups: 32, widthPerGroup: 8);

    /// <summary>ResNet-101 (44,549,160 parameters in torchvision's configuration).</summary>
    public static ResNet ResNet101(long numClasses = 1000, long inChannels = 3, ResNetStem stem = ResNetStem.ImageNet, long lastStride = 2)
        => new(ResNetBlockKind.Bottleneck, [3, 4, 23, 3], numClasses, inChannels, stem, lastStride);

    /// <summary>ResNet-152 (60,192,808 parameters in torchvision's configuration).</summary>
    public static ResNet ResNet152(long numClasses = 1000, long inChannels = 3, ResNetStem stem = ResNetStem.ImageNet, long lastStride = 2)
        => new(ResNetBlockKind.Bottleneck, [3, 8, 36, 3], numClasses, inChannels, stem, lastStride);

    /// <inheritdoc />
    public string? ClassifierName => fc is null ? null : "fc";

    /// <summary>The pooled feature vector, [N, <see cref="FeatureSize"/>], before the classifier.</summary>
    public Tensor Features(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = bn1.call(conv1.call(x)).relu_();
        if (maxpool is not null) output = maxpool.call(output);
        output = layer4.call(layer3.call(layer2.call(layer1.call(output))));
        return adaptive_avg_pool2d(output, 1).flatten(1).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor x)
    {
        if (fc is null) return Features(x);
        using var features = Features(x);
        return fc.call(features);
    }
}
