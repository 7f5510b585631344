using Course.Labs.Models;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Models;

/// <summary>The width multiplier of <see cref="Vgg"/>: narrower layers for CPU runs, torchvision's widths by default.</summary>
public sealed class VggWidthTests
{
    [Fact]
    public void Default_width_keeps_torchvision_counts()
        => Assert.Equal(Vgg.Vgg19(batchNorm: true).ParameterCount(), new Vgg(19, batchNorm: true, width: 1.0).ParameterCount());

    [Fact]
    public void Quarter_width_vgg19_has_the_hand_counted_parameters()
    {
        // 16 convolutions of 16 x2, 32 x2, 64 x4, 128 x8 channels (3x3 + bias), classifier 128-128-10 (smallInput, width 0.25).
        Assert.Equal(1_286_906, new Vgg(19, batchNorm: false, numClasses: 10, inChannels: 1, smallInput: true, width: 0.25).ParameterCount());
        Assert.Equal(1_286_906 + 2 * (2 * 16 + 2 * 32 + 4 * 64 + 8 * 128),
            new Vgg(19, batchNorm: true, numClasses: 10, inChannels: 1, smallInput: true, width: 0.25).ParameterCount());
    }

    [Fact]
    public void Narrow_vgg19_classifies_32px_images()
    {
        using var model = new Vgg(19, batchNorm: true, numClasses: 10, inChannels: 1, smallInput: true, width: 0.25);
        using var output = model.call(randn(2, 1, 32, 32));
        Assert.Equal([2L, 10L], output.shape);
    }

    [Fact]
    public void Torchvision_head_is_N_0_001_and_a_reduced_head_keeps_its_gain_per_layer()
    {
        // torchvision: every classifier Linear ~ N(0, 0.01) (fan-ins 25,088, 4,096, 4,096).
        using var full = Vgg.Vgg11(numClasses: 1000);
        var last = full.modules().OfType<TorchSharp.Modules.Linear>().Last();
        Assert.InRange(last.weight.std().item<float>(), 0.0099, 0.0101);

        // width 0.25, small input: fan-ins 128, 128, 128; std = 0.01 sqrt(torchvision fan-in / fan-in).
        using var narrow = new Vgg(19, batchNorm: true, numClasses: 10, inChannels: 1, smallInput: true, width: 0.25);
        var linears = narrow.modules().OfType<TorchSharp.Modules.Linear>().ToArray();
        double[] expected = [0.01 * Math.Sqrt(25088.0 / 128), 0.01 * Math.Sqrt(4096.0 / 128), 0.01 * Math.Sqrt(4096.0 / 128)];
        for (int i = 0; i < 3; i++)
        {
            double std = linears[i].weight.std().item<float>();
            Assert.InRange(std, 0.9 * expected[i], 1.1 * expected[i]);
            Assert.Equal(0f, linears[i].bias!.abs().max().item<float>());
        }
    }

    [Fact]
    public void Width_must_be_positive()
        => Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => new Vgg(19, batchNorm: false, width: 0)).ParamName);
}
