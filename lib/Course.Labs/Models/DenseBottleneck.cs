using Course.Labs.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Models;

/// <summary>DenseNet-BC bottleneck: BN-ReLU-Conv1x1-BN-ReLU-Conv3x3, output concatenated to the input.</summary>
public sealed class DenseBottleneck : Module<Tensor, Tensor>
{
    private readonly BatchNorm2d bn1, bn2;
    private readonly Conv2d conv1, conv2;

    public DenseBottleneck(long inChannels, long growthRate) : base(nameof(DenseBottleneck))
    {
        bn1 = new BatchNorm2d(inChannels);
        conv1 = Conv2d(inChannels, 4 * growthRate, kernel_size: 1, bias: false);
        bn2 = new BatchNorm2d(4 * growthRate);
        conv2 = Conv2d(4 * growthRate, growthRate, kernel_size: 3, padding: 1, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var output = OneDnnConvolution.Forward(conv2, bn2.call(conv1.call(bn1.call(x).relu_())).relu_());   // growth 12: see OneDnnConvolution
        return cat([output, x], dim: 1).MoveToOuterDisposeScope();
    }
}
