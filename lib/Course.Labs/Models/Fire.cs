using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>SqueezeNet's Fire module: a 1x1 squeeze convolution, then 1x1 and 3x3 expand convolutions side by side, concatenated (ReLU after each).</summary>
public sealed class Fire : Module<Tensor, Tensor>
{
    private readonly Conv2d squeeze, expand1x1, expand3x3;

    public Fire(long inChannels, long squeezeChannels, long expand1x1Channels, long expand3x3Channels) : base(nameof(Fire))
    {
        squeeze = Conv2d(inChannels, squeezeChannels, kernel_size: 1);
        expand1x1 = Conv2d(squeezeChannels, expand1x1Channels, kernel_size: 1);
        expand3x3 = Conv2d(squeezeChannels, expand3x3Channels, kernel_size: 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>Output channels: the two expand convolutions' together.</summary>
    public long OutChannels => expand1x1.out_channels + expand3x3.out_channels;

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var squeezed = squeeze.call(x).relu_();
        return cat([expand1x1.call(squeezed).relu_(), expand3x3.call(squeezed).relu_()], 1).MoveToOuterDisposeScope();
    }
}
