using Course.Labs.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// The layers and forward pass that torchvision's <see cref="Bottleneck"/> and the seed's <see cref="ResNeXtBlock"/>
/// share: Conv1x1-BN-ReLU to <c>width</c>, grouped Conv3x3(stride)-BN-ReLU, Conv1x1-BN to the output channels, plus
/// the shortcut, then ReLU. Each block keeps the layers in its own fields, so its parameter names stay its own.
/// </summary>
internal static class BottleneckLayers
{
    public static (Conv2d Conv1, BatchNorm2d Bn1, Conv2d Conv2, BatchNorm2d Bn2, Conv2d Conv3, BatchNorm2d Bn3) Create(
        long inChannels, long width, long outChannels, long stride, long groups)
        => (Conv2d(inChannels, width, kernel_size: 1, bias: false), new BatchNorm2d(width),
            Conv2d(width, width, kernel_size: 3, stride: stride, padding: 1, groups: groups, bias: false), new BatchNorm2d(width),
            Conv2d(width, outChannels, kernel_size: 1, bias: false), new BatchNorm2d(outChannels));

    public static Tensor Forward(Tensor x, Conv2d conv1, BatchNorm2d bn1, Conv2d conv2, BatchNorm2d bn2, Conv2d conv3, BatchNorm2d bn3,
        ResNetShortcut? shortcut)
    {
        using var scope = NewDisposeScope();
        var output = bn1.call(conv1.call(x)).relu_();
        output = bn2.call(conv2.call(output)).relu_();
        output = bn3.call(conv3.call(output)).add_(shortcut is null ? x : shortcut.call(x), OwnedScalars.One);
        return output.relu_().MoveToOuterDisposeScope();
    }
}
