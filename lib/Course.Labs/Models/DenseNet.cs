using Course.Labs.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>
/// DenseNet-BC as seed 001 builds it: a 3x3 stem to 2 x growthRate channels, four dense blocks of
/// <see cref="DenseBottleneck"/> with a <see cref="DenseTransition"/> (channels x reduction, floor) after the
/// first three, BN-ReLU, global average pooling and a linear classifier.
/// </summary>
public sealed class DenseNet : Module<Tensor, Tensor>, IHasClassifier
{
    private readonly Conv2d conv1;
    private readonly Sequential dense1, dense2, dense3, dense4;
    private readonly DenseTransition trans1, trans2, trans3;
    private readonly BatchNorm2d bn;
    private readonly Linear linear;

    /// <param name="blocks">Bottlenecks in each of the four dense blocks ([2,5,4,6] in the seed).</param>
    /// <param name="growthRate">Channels each bottleneck adds.</param>
    /// <param name="reduction">Compression of each transition (0.5 halves the channels).</param>
    /// <param name="numClasses">Outputs of the classifier.</param>
    /// <param name="inChannels">Input channels (1 for MNIST, 3 for RGB).</param>
    public DenseNet(IReadOnlyList<int> blocks, long growthRate = 12, double reduction = 0.5, long numClasses = 10, long inChannels = 3)
        : base(nameof(DenseNet))
    {
        ModelArguments.NonEmpty(blocks, 4, nameof(blocks));
        ModelArguments.Positive(growthRate, nameof(growthRate));
        ModelArguments.Positive(numClasses, nameof(numClasses));
        if (!(reduction > 0 && reduction <= 1))
            throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "reduction must be in (0, 1] (0.5 halves the channels at each transition).");

        long planes = 2 * growthRate;
        conv1 = Conv2d(inChannels, planes, kernel_size: 3, padding: 1, bias: false);
        Sequential DenseBlock(int count)
        {
            var layers = new List<(string, Module<Tensor, Tensor>)>();
            for (int i = 0; i < count; i++)
            {
                layers.Add((i.ToString(), new DenseBottleneck(planes, growthRate)));
                planes += growthRate;
            }
            return Sequential(layers);
        }
        DenseTransition Transition()
        {
            long outPlanes = (long)Math.Floor(planes * reduction);
            var transition = new DenseTransition(planes, outPlanes);
            planes = outPlanes;
            return transition;
        }
        dense1 = DenseBlock(blocks[0]);
        trans1 = Transition();
        dense2 = DenseBlock(blocks[1]);
        trans2 = Transition();
        dense3 = DenseBlock(blocks[2]);
        trans3 = Transition();
        dense4 = DenseBlock(blocks[3]);
        bn = new BatchNorm2d(planes);
        linear = Linear(planes, numClasses);
        RegisterComponents();
    }

    /// <summary>The seed's <c>densenet()</c>: blocks [2,5,4,6], growth 12 (39 convolution and linear layers).</summary>
    public static DenseNet Seed(long numClasses = 10, long inChannels = 3) => new([2, 5, 4, 6], 12, 0.5, numClasses, inChannels);

    /// <summary>The seed's answer to question 1, <c>densenet52()</c>: blocks [2,2,4,16], 52 convolution layers.</summary>
    public static DenseNet DenseNet52(long numClasses = 10, long inChannels = 3) => new([2, 2, 4, 16], 12, 0.5, numClasses, inChannels);

    /// <inheritdoc />
    public string? ClassifierName => "linear";

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = trans1.call(dense1.call(OneDnnConvolution.Forward(conv1, x)));
        output = trans2.call(dense2.call(output));
        output = trans3.call(dense3.call(output));
        output = bn.call(dense4.call(output)).relu_();
        // The seed uses avg_pool2d(4) on the 4x4 map of a 32 px input; adaptive pooling is the same there and fits 28 px too.
        return linear.call(adaptive_avg_pool2d(output, 1).flatten(1)).MoveToOuterDisposeScope();
    }
}
