using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// The projection shortcut of a residual block: a 1x1 convolution with stride, then BatchNorm, registered as
/// <c>0</c> and <c>1</c> like torchvision's <c>downsample</c> Sequential so weights map one to one.
/// </summary>
/// <remarks>
/// The stride is taken by slicing every stride-th pixel before a stride-1 convolution: the same result for a
/// 1x1 kernel, and it avoids a libtorch 2.10 CPU crash (SIGFPE) in the input gradient of wide 1x1 stride-2
/// convolutions (e.g. 512 to 1024 channels, which ResNet-50 and ResNeXt use).
/// </remarks>
public sealed class ResNetShortcut : Module<Tensor, Tensor>
{
    [ComponentName(Name = "0")] private readonly Conv2d conv;
    [ComponentName(Name = "1")] private readonly BatchNorm2d bn;
    private readonly long stride;

    public ResNetShortcut(long inChannels, long outChannels, long stride) : base(nameof(ResNetShortcut))
    {
        conv = Conv2d(inChannels, outChannels, kernel_size: 1, bias: false);
        bn = new BatchNorm2d(outChannels);
        this.stride = stride;
        RegisterComponents();
    }

    /// <summary>Null when the identity shortcut fits (stride 1 and the same channels), else a projection.</summary>
    public static ResNetShortcut? IfNeeded(long inChannels, long outChannels, long stride)
        => stride == 1 && inChannels == outChannels ? null : new ResNetShortcut(inChannels, outChannels, stride);

    public override Tensor forward(Tensor x)
    {
        if (stride == 1) return bn.call(conv.call(x));
        using var sampled = x[.., .., TensorIndex.Slice(step: stride), TensorIndex.Slice(step: stride)];
        using var projected = conv.call(sampled);
        return bn.call(projected);
    }
}
