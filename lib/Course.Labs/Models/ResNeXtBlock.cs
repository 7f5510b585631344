using Course.Labs.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>
/// ResNeXt block (seed 001, form c): Conv1x1 to cardinality x bottleneckWidth channels, grouped Conv3x3 with
/// <c>cardinality</c> groups, Conv1x1 to twice that width, plus the shortcut, then ReLU.
/// </summary>
public sealed class ResNeXtBlock : Module<Tensor, Tensor>
{
    /// <summary>Output channels per group width.</summary>
    public const int Expansion = 2;

    private readonly Conv2d conv1, conv2, conv3;
    private readonly BatchNorm2d bn1, bn2, bn3;
    private readonly ResNetShortcut? shortcut;

    public ResNeXtBlock(long inChannels, long cardinality = 32, long bottleneckWidth = 4, long stride = 1) : base(nameof(ResNeXtBlock))
    {
        long groupWidth = cardinality * bottleneckWidth;
        conv1 = Conv2d(inChannels, groupWidth, kernel_size: 1, bias: false);
        bn1 = new BatchNorm2d(groupWidth);
        conv2 = Conv2d(groupWidth, groupWidth, kernel_size: 3, stride: stride, padding: 1, groups: cardinality, bias: false);
        bn2 = new BatchNorm2d(groupWidth);
        conv3 = Conv2d(groupWidth, Expansion * groupWidth, kernel_size: 1, bias: false);
        bn3 = new BatchNorm2d(Expansion * groupWidth);
        shortcut = ResNetShortcut.IfNeeded(inChannels, Expansion * groupWidth, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = bn1.call(conv1.call(x)).relu_();
        output = bn2.call(conv2.call(output)).relu_();
        output = bn3.call(conv3.call(output)).add_(shortcut is null ? x : shortcut.call(x), OwnedScalars.One);
        return output.relu_().MoveToOuterDisposeScope();
    }
}
