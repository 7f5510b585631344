using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;
using BatchNorm2d = Course.Labs.Models.Layers.BatchNorm2d;

namespace Course.Labs.Models;

/// <summary>DenseNet transition: BN-ReLU-Conv1x1 to fewer channels, then 2x2 average pooling halves the map.</summary>
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
        return avg_pool2d(conv.call(bn.call(x).relu_()), 2).MoveToOuterDisposeScope();
    }
}
