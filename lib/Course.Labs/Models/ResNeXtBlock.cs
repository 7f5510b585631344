using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

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
        (conv1, bn1, conv2, bn2, conv3, bn3) = BottleneckLayers.Create(inChannels, groupWidth, Expansion * groupWidth, stride, cardinality);
        shortcut = ResNetShortcut.IfNeeded(inChannels, Expansion * groupWidth, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => BottleneckLayers.Forward(x, conv1, bn1, conv2, bn2, conv3, bn3, shortcut);
}
