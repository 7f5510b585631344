using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// torchvision's DenseNet layer (<c>_DenseLayer</c>): norm1-relu1-conv1 (1x1 to bnSize x growthRate channels),
/// norm2-relu2-conv2 (3x3 to growthRate channels), on all the features of its block so far; returns only the new ones.
/// </summary>
public sealed class DenseLayer : Module<Tensor, Tensor>
{
    private readonly BatchNorm2d norm1, norm2;
    private readonly Conv2d conv1, conv2;

    public DenseLayer(long inChannels, long growthRate, long bnSize) : base(nameof(DenseLayer))
    {
        norm1 = new BatchNorm2d(inChannels);
        conv1 = Conv2d(inChannels, bnSize * growthRate, kernel_size: 1, bias: false);
        norm2 = new BatchNorm2d(bnSize * growthRate);
        conv2 = Conv2d(bnSize * growthRate, growthRate, kernel_size: 3, padding: 1, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var bottleneck = conv1.call(norm1.call(features).relu_());
        return conv2.call(norm2.call(bottleneck).relu_()).MoveToOuterDisposeScope();
    }
}
