using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>
/// DenseNet transition: BN-ReLU-Conv1x1 to fewer channels, then 2x2 average pooling halves the map. The pooling runs
/// before the convolution: a 1x1 convolution maps every pixel by the same linear function and average pooling averages
/// pixels, so the two commute and the result is the paper's (up to float rounding) for a quarter of the convolution's work.
/// </summary>
public sealed class DenseTransition : Module<Tensor, Tensor>
{
    private readonly BatchNorm2d bn;
    private readonly Conv2d conv;

    public DenseTransition(long inChannels, long outChannels) : base(nameof(DenseTransition))
    {
        bn = new BatchNorm2d(inChannels);
        conv = Conv2d(inChannels, outChannels, kernel_size: 1, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return conv.call(avg_pool2d(bn.call(x).relu_(), 2)).MoveToOuterDisposeScope();   // = avg_pool2d(conv(...), 2), see above
    }
}
