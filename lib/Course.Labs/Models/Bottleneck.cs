using Course.Labs.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>
/// ResNet bottleneck: Conv1x1-BN-ReLU, Conv3x3(stride, groups)-BN-ReLU, Conv1x1-BN, plus the shortcut, then ReLU.
/// With <c>groups</c> and <c>baseWidth</c> it is torchvision's ResNeXt block as well.
/// </summary>
public sealed class Bottleneck : Module<Tensor, Tensor>
{
    /// <summary>Output channels per <c>planes</c>.</summary>
    public const int Expansion = 4;

    private readonly Conv2d conv1, conv2, conv3;
    private readonly BatchNorm2d bn1, bn2, bn3;
    private readonly ResNetShortcut? downsample;

    public Bottleneck(long inChannels, long planes, long stride = 1, long groups = 1, long baseWidth = 64) : base(nameof(Bottleneck))
    {
        long width = planes * baseWidth / 64 * groups;
        conv1 = Conv2d(inChannels, width, kernel_size: 1, bias: false);
        bn1 = new BatchNorm2d(width);
        conv2 = Conv2d(width, width, kernel_size: 3, stride: stride, padding: 1, groups: groups, bias: false);
        bn2 = new BatchNorm2d(width);
        conv3 = Conv2d(width, planes * Expansion, kernel_size: 1, bias: false);
        bn3 = new BatchNorm2d(planes * Expansion);
        downsample = ResNetShortcut.IfNeeded(inChannels, planes * Expansion, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = bn1.call(conv1.call(x)).relu_();
        output = bn2.call(conv2.call(output)).relu_();
        output = bn3.call(conv3.call(output));
        output = output.add_(downsample is null ? x : downsample.call(x), OwnedScalars.One);
        return output.relu_().MoveToOuterDisposeScope();
    }
}
