using Course.Labs.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>ResNet basic block: Conv3x3-BN-ReLU-Conv3x3-BN plus the shortcut, then ReLU (expansion 1).</summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    /// <summary>Output channels per <c>planes</c>.</summary>
    public const int Expansion = 1;

    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly ResNetShortcut? downsample;

    public BasicBlock(long inChannels, long planes, long stride = 1) : base(nameof(BasicBlock))
    {
        conv1 = Conv2d(inChannels, planes, kernel_size: 3, stride: stride, padding: 1, bias: false);
        bn1 = new BatchNorm2d(planes);
        conv2 = Conv2d(planes, planes, kernel_size: 3, padding: 1, bias: false);
        bn2 = new BatchNorm2d(planes);
        downsample = ResNetShortcut.IfNeeded(inChannels, planes * Expansion, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = bn2.call(conv2.call(bn1.call(conv1.call(x)).relu_()));
        output = output.add_(downsample is null ? x : downsample.call(x), OwnedScalars.One);
        return output.relu_().MoveToOuterDisposeScope();
    }
}
