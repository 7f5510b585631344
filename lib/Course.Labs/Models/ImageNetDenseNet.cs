using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>
/// DenseNet-BC for ImageNet as torchvision builds it (densenet121/161/169/201; the original lab's <see cref="DenseNet"/>
/// is the CIFAR-style one): <c>features</c> = conv0 (7x7, stride 2), norm0, relu0, pool0 (3x3 max, stride 2), then
/// <see cref="DenseBlock"/>s with transitions (norm, relu, 1x1 convolution halving the channels, 2x2 average pool)
/// between them and norm5; ReLU, global average pooling and <c>classifier</c>. torchvision's names, shapes and
/// initialisation. Each transition pools before its 1x1 convolution: the two commute (see <see cref="DenseTransition"/>),
/// a quarter of the work, the same state dict.
/// </summary>
public sealed class ImageNetDenseNet : Module<Tensor, Tensor>, IHasClassifier
{
    private readonly Sequential features;
    private readonly Linear classifier;

    /// <param name="growthRate">Channels each dense layer adds (32; 48 for DenseNet-161).</param>
    /// <param name="blocks">Dense layers per block, four values ([6, 12, 24, 16] for DenseNet-121).</param>
    /// <param name="initChannels">Channels of the stem convolution (64; 96 for DenseNet-161).</param>
    /// <param name="bnSize">Bottleneck width as a multiple of the growth rate (4).</param>
    /// <param name="numClasses">Outputs (1000 for ImageNet).</param>
    public ImageNetDenseNet(long growthRate, IReadOnlyList<int> blocks, long initChannels, long bnSize = 4, long numClasses = 1000)
        : base(nameof(ImageNetDenseNet))
    {
        ModelArguments.NonEmpty(blocks, 4, nameof(blocks));
        ModelArguments.Positive(growthRate, nameof(growthRate));
        ModelArguments.Positive(initChannels, nameof(initChannels));
        ModelArguments.Positive(bnSize, nameof(bnSize));
        ModelArguments.Positive(numClasses, nameof(numClasses));
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("conv0", Conv2d(3, initChannels, kernel_size: 7, stride: 2, padding: 3, bias: false)),
            ("norm0", new BatchNorm2d(initChannels)),
            ("relu0", ReLU(inplace: true)),
            ("pool0", MaxPool2d(kernel_size: 3, stride: 2, padding: 1)),
        };
        long channels = initChannels;
        for (int i = 0; i < blocks.Count; i++)
        {
            var block = new DenseBlock(blocks[i], channels, growthRate, bnSize);
            layers.Add(($"denseblock{i + 1}", block));
            channels = block.OutChannels;
            if (i == blocks.Count - 1) break;
            layers.Add(($"transition{i + 1}", Sequential(
                ("norm", new BatchNorm2d(channels)), ("relu", ReLU(inplace: true)),
                ("pool", AvgPool2d(kernel_size: 2, stride: 2)), ("conv", Conv2d(channels, channels / 2, kernel_size: 1, bias: false)))));
            channels /= 2;
        }
        layers.Add(("norm5", new BatchNorm2d(channels)));
        features = Sequential(layers);
        classifier = Linear(channels, numClasses);
        FeatureSize = channels;
        RegisterComponents();

        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            if (module is Conv2d conv) init.kaiming_normal_(conv.weight);
            else if (module is BatchNorm2d norm) { init.ones_(norm.weight); init.zeros_(norm.bias); }
        }
        init.zeros_(classifier.bias!);
    }

    /// <summary>Channels of the pooled feature vector (1024 for DenseNet-121).</summary>
    public long FeatureSize { get; }

    public static ImageNetDenseNet DenseNet121(long numClasses = 1000) => new(32, [6, 12, 24, 16], 64, numClasses: numClasses);
    public static ImageNetDenseNet DenseNet161(long numClasses = 1000) => new(48, [6, 12, 36, 24], 96, numClasses: numClasses);
    public static ImageNetDenseNet DenseNet169(long numClasses = 1000) => new(32, [6, 12, 32, 32], 64, numClasses: numClasses);
    public static ImageNetDenseNet DenseNet201(long numClasses = 1000) => new(32, [6, 12, 48, 32], 64, numClasses: numClasses);

    /// <inheritdoc />
    public string? ClassifierName => "classifier";

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pooled = adaptive_avg_pool2d(features.call(x).relu_(), 1).flatten(1);
        return classifier.call(pooled).MoveToOuterDisposeScope();
    }
}
