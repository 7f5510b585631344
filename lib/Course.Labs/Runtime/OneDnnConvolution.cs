using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Labs.Runtime;

/// <summary>
/// A workaround for wrong input gradients from libtorch 2.10's oneDNN on the course machines (AVX-512 CPUs), found by
/// comparing with ATen's own kernels (tests/Course.Labs.Tests/Runtime/OneDnnTests.cs). For a k x k convolution
/// (k &gt; 1, one group) the backward-data kernel returns gradients off by 15-40 % (sometimes NaN) when
/// (a) the output channel count is not a multiple of 16 (8 with AVX2), any stride — DenseNet's growth rate 12; or
/// (b) the stride is above 1 and the input channel count is an odd multiple of 16 above 16 (48, 80, 112, ...).
/// 1x1 and grouped convolutions, and ResNet/VGG widths (64, 128, ...), are not affected.
/// <see cref="Forward"/> runs such a convolution with zero filters appended up to a multiple of 16 (a) and zero input
/// channels appended up to a multiple of 32 (b), and drops the extra outputs, so oneDNN sees shapes it gets right
/// while the module's parameters, state_dict and results stay those of the plain convolution (the extra weights are
/// zeros, rebuilt at every call, that no optimizer sees). It costs the padded share of that layer's work, and only
/// while gradients flow to the input.
/// </summary>
public static class OneDnnConvolution
{
    /// <summary>The channel block oneDNN's AVX-512 kernels use.</summary>
    public const long Block = 16;

    /// <summary><c>conv.call(x)</c>, padded as described above when an affected kernel would compute x's gradient.</summary>
    public static Tensor Forward(Conv2d conv, Tensor x)
    {
        var (padOut, padIn) = Padding(conv, x);
        if (padOut == 0 && padIn == 0) return conv.call(x);
        using var scope = NewDisposeScope();
        Tensor weight = conv.weight!;
        if (padOut > 0) weight = cat([weight, zeros([padOut, .. weight.shape[1..]], dtype: weight.dtype, device: weight.device)]);
        if (padIn > 0)
        {
            weight = cat([weight, zeros([weight.shape[0], padIn, .. weight.shape[2..]], dtype: weight.dtype, device: weight.device)], dim: 1);
            x = cat([x, zeros([x.shape[0], padIn, .. x.shape[2..]], dtype: x.dtype, device: x.device)], dim: 1);
        }
        Tensor? bias = conv.bias is null || padOut == 0 ? conv.bias : cat([conv.bias, zeros([padOut], dtype: conv.bias.dtype, device: conv.bias.device)]);
        var y = nn.functional.conv2d(x, weight, bias, conv.stride, conv.padding, conv.dilation, conv.groups);
        return (padOut > 0 ? y.narrow(1, 0, conv.out_channels) : y).MoveToOuterDisposeScope();
    }

    /// <summary>Whether <see cref="Forward"/> pads: CPU, oneDNN on, gradients wanted for x, an affected shape.</summary>
    public static bool NeedsPadding(Conv2d conv, Tensor x) => Padding(conv, x) != (0, 0);

    /// <summary>Zero filters (output channels) and zero input channels to append; (0, 0) when none are needed.</summary>
    public static (long Output, long Input) Padding(Conv2d conv, Tensor x)
    {
        bool affected = x.device_type == DeviceType.CPU
            && x.requires_grad && is_grad_enabled()
            && conv.groups == 1 && conv.kernel_size.Any(k => k > 1)
            && conv.padding_type is null && conv.padding_mode == PaddingModes.Zeros
            && OneDnn.Enabled != false;
        if (!affected) return (0, 0);
        long output = conv.out_channels % Block == 0 ? 0 : Block - conv.out_channels % Block;
        long input = conv.stride.Any(s => s > 1) && conv.in_channels > Block && conv.in_channels % (2 * Block) == Block ? Block : 0;
        return (output, input);
    }
}
