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
    public void Width_must_be_positive()
        => Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => new Vgg(19, batchNorm: false, width: 0)).ParamName);
}
