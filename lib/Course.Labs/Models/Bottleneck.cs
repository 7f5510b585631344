using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

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
        (conv1, bn1, conv2, bn2, conv3, bn3) = BottleneckLayers.Create(inChannels, width, planes * Expansion, stride, groups);
        downsample = ResNetShortcut.IfNeeded(inChannels, planes * Expansion, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => BottleneckLayers.Forward(x, conv1, bn1, conv2, bn2, conv3, bn3, downsample);
}
