using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>
/// The seed's CIFAR-style ResNeXt: a 1x1 stem to 64 channels, three stages of <see cref="ResNeXtBlock"/> (strides
/// 1, 2, 2) whose bottleneck width doubles each stage, global average pooling and a linear classifier.
/// ResNeXt-29(32x4d) is <c>new ResNeXt([3,3,3], 32, 4)</c>; the seed's ResNeXt-32(16x8d) is <see cref="ResNeXt32x16x8d"/>.
/// </summary>
public sealed class ResNeXt : Module<Tensor, Tensor>, IHasClassifier
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Sequential layer1, layer2, layer3;
    private readonly Linear linear;

    /// <param name="numBlocks">Blocks per stage, three values.</param>
    /// <param name="cardinality">Groups in each grouped convolution.</param>
    /// <param name="bottleneckWidth">Channels per group in the first stage (doubles each stage).</param>
    /// <param name="numClasses">Outputs of the classifier.</param>
    /// <param name="inChannels">Input channels (1 for MNIST, 3 for RGB).</param>
    public ResNeXt(IReadOnlyList<int> numBlocks, long cardinality, long bottleneckWidth, long numClasses = 10, long inChannels = 3)
        : base(nameof(ResNeXt))
    {
        ModelArguments.NonEmpty(numBlocks, 3, nameof(numBlocks));
        ModelArguments.Positive(cardinality, nameof(cardinality));
        ModelArguments.Positive(bottleneckWidth, nameof(bottleneckWidth));
        ModelArguments.Positive(numClasses, nameof(numClasses));
        conv1 = Conv2d(inChannels, 64, kernel_size: 1, bias: false);
        bn1 = new BatchNorm2d(64);
        long channels = 64, width = bottleneckWidth;
        Sequential Stage(int count, long stride)
        {
            var blocks = new List<(string, Module<Tensor, Tensor>)>();
            for (int i = 0; i < count; i++)
            {
                blocks.Add((i.ToString(), new ResNeXtBlock(channels, cardinality, width, i == 0 ? stride : 1)));
                channels = ResNeXtBlock.Expansion * cardinality * width;
            }
            width *= 2;
            return Sequential(blocks);
        }
        layer1 = Stage(numBlocks[0], 1);
        layer2 = Stage(numBlocks[1], 2);
        layer3 = Stage(numBlocks[2], 2);
        linear = Linear(channels, numClasses);
        RegisterComponents();
    }

    /// <summary>Seed 001, question 2: <c>ResNeXt([3, 3, 3], 16, 8)</c>.</summary>
    public static ResNeXt ResNeXt32x16x8d(long numClasses = 10, long inChannels = 3) => new([3, 3, 3], 16, 8, numClasses, inChannels);

    /// <inheritdoc />
    public string? ClassifierName => "linear";

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = bn1.call(conv1.call(x)).relu_();
        output = layer3.call(layer2.call(layer1.call(output)));
        // The seed pools 8x8 maps with avg_pool2d(8); adaptive pooling gives the same on 32 px and also fits 28 px.
        return linear.call(adaptive_avg_pool2d(output, 1).flatten(1)).MoveToOuterDisposeScope();
    }
}
