using Course.Labs.Models;
using Course.Labs.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Runtime;

/// <summary>oneDNN is process-wide state: these tests run alone.</summary>
[CollectionDefinition(nameof(ProcessWideTorchState), DisableParallelization = true)]
public sealed class ProcessWideTorchState;

[Collection(nameof(ProcessWideTorchState))]
public sealed class OneDnnTests
{
    private static List<float> SeedDenseNetLosses(int steps)
    {
        manual_seed(0);
        var model = DenseNet.Seed(numClasses: 10, inChannels: 1);
        var optimizer = optim.SGD(model.parameters(), 0.05, momentum: 0.9);
        var x = randn(32, 1, 28, 28);
        var y = randint(0, 10, [32]);
        var losses = new List<float>();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        return losses;
    }

    [Fact]
    public void Switching_oneDNN_off_and_on_is_seen_by_libtorch()
    {
        Assert.True(OneDnn.TrySetEnabled(false));
        try { Assert.False(OneDnn.Enabled); }
        finally { Assert.True(OneDnn.TrySetEnabled(true)); }
        Assert.True(OneDnn.Enabled);
    }

    [Fact]
    public void With_oneDNN_off_the_seed_DenseNet_trains_to_finite_falling_losses()
    {
        Assert.True(OneDnn.TrySetEnabled(false));
        try
        {
            var losses = SeedDenseNetLosses(12);
            Assert.All(losses, l => Assert.True(float.IsFinite(l), $"losses: {string.Join(", ", losses)}"));
            Assert.True(losses[^1] < losses[0] * 0.5f, $"losses: {string.Join(", ", losses)}");
        }
        finally { OneDnn.TrySetEnabled(true); }
    }

    [Fact]
    public void With_oneDNN_on_the_seed_DenseNet_trains_to_finite_falling_losses()
    {
        Assert.True(OneDnn.TrySetEnabled(true));
        var losses = SeedDenseNetLosses(12);
        Assert.All(losses, l => Assert.True(float.IsFinite(l), $"losses: {string.Join(", ", losses)}"));
        Assert.True(losses[^1] < losses[0] * 0.5f, $"losses: {string.Join(", ", losses)}");
    }

    private static (Tensor Output, Tensor InputGrad, Tensor WeightGrad, Tensor? BiasGrad) ConvGradients(Conv2d conv, Tensor x0, Tensor g, bool onednn, bool workaround)
    {
        Assert.True(OneDnn.TrySetEnabled(onednn));
        try
        {
            conv.zero_grad();
            var x = x0.clone().requires_grad_(true);
            var y = workaround ? OneDnnConvolution.Forward(conv, x) : conv.call(x);
            (y * g).sum().backward();
            return (y.detach().clone(), x.grad!.clone(), conv.weight!.grad!.clone(), conv.bias?.grad?.clone());
        }
        finally { OneDnn.TrySetEnabled(true); }
    }

    [Theory]
    [InlineData(48, 12, 3, 1, false)]   // the seed DenseNet's bottleneck
    [InlineData(48, 12, 3, 2, true)]    // both: 12 filters, 48 inputs at stride 2
    [InlineData(32, 20, 5, 1, true)]
    [InlineData(80, 64, 3, 2, false)]   // 80 inputs at stride 2
    [InlineData(3, 24, 3, 1, false)]    // the seed DenseNet's first convolution
    public void The_padded_convolution_gives_ATen_s_results_and_gradients(int inChannels, int outChannels, int kernel, int stride, bool bias)
    {
        manual_seed(3);
        var conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: kernel / 2, bias: bias);
        var x = randn(8, inChannels, 9, 9);
        long size = (9 + 2 * (kernel / 2) - kernel) / stride + 1;
        var g = randn(8, outChannels, size, size);
        Assert.True(OneDnnConvolution.NeedsPadding(conv, x.clone().requires_grad_(true)));
        var reference = ConvGradients(conv, x, g, onednn: false, workaround: false);   // ATen's own kernels
        var padded = ConvGradients(conv, x, g, onednn: true, workaround: true);
        Assert.Equal(reference.Output.shape, padded.Output.shape);
        Assert.True(padded.Output.allclose(reference.Output, rtol: 1e-4, atol: 1e-5));
        Assert.True(padded.InputGrad.allclose(reference.InputGrad, rtol: 1e-4, atol: 1e-4), "input gradient");
        Assert.True(padded.WeightGrad.allclose(reference.WeightGrad, rtol: 1e-4, atol: 1e-3), "weight gradient");
        if (bias) Assert.True(padded.BiasGrad!.allclose(reference.BiasGrad!, rtol: 1e-4, atol: 1e-3), "bias gradient");
        Assert.Equal([(long)outChannels, inChannels, kernel, kernel], conv.weight!.shape);   // the parameters keep their shape
    }

    [Fact]
    public void Only_the_affected_shapes_are_padded()
    {
        var x = randn(2, 48, 7, 7).requires_grad_(true);
        Assert.False(OneDnnConvolution.NeedsPadding(nn.Conv2d(48, 16, 3, padding: 1), x));           // a multiple of 16
        Assert.False(OneDnnConvolution.NeedsPadding(nn.Conv2d(48, 12, 1), x));                       // 1x1
        Assert.False(OneDnnConvolution.NeedsPadding(nn.Conv2d(48, 12, 3, padding: 1, groups: 4), x)); // grouped
        Assert.False(OneDnnConvolution.NeedsPadding(nn.Conv2d(48, 64, 3, padding: 1), x));           // 48 inputs at stride 1
        Assert.Equal((0L, 16L), OneDnnConvolution.Padding(nn.Conv2d(48, 64, 3, stride: 2, padding: 1), x));
        Assert.False(OneDnnConvolution.NeedsPadding(nn.Conv2d(64, 64, 3, stride: 2, padding: 1), randn(2, 64, 7, 7).requires_grad_(true)));
        Assert.False(OneDnnConvolution.NeedsPadding(nn.Conv2d(48, 12, 3, padding: 1), x.detach()));  // no input gradient
        using (no_grad()) Assert.False(OneDnnConvolution.NeedsPadding(nn.Conv2d(48, 12, 3, padding: 1), x));
        Assert.True(OneDnnConvolution.NeedsPadding(nn.Conv2d(48, 12, 3, padding: 1), x));
    }
}

[Collection(nameof(ProcessWideTorchState))]
public sealed class NnpackTests
{
    [Fact]
    public void The_device_switches_NNPACK_off_and_it_can_be_switched_back()
    {
        _ = Course.Labs.Runtime.LabsRuntime.Device;
        Assert.False(Nnpack.Enabled);
        Assert.True(Nnpack.TrySetEnabled(true));
        try { Assert.True(Nnpack.Enabled); }
        finally { Assert.True(Nnpack.TrySetEnabled(false)); }
    }
}
