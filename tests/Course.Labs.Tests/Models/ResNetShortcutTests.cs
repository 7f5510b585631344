using Course.Labs.Models;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Models;

public sealed class ResNetShortcutTests
{
    [Fact]
    public void Strided_projection_equals_a_stride_2_convolution_and_trains_at_widths_that_crash_libtorch()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var shortcut = new ResNetShortcut(512, 1024, stride: 2);
        shortcut.eval();
        var x = randn(2, 512, 15, 15, requires_grad: true);
        var output = shortcut.call(x);
        var weight = shortcut.get_parameter("0.weight")!;
        using (no_grad())
        {
            var reference = nn.functional.conv2d(x, weight, strides: [2, 2]);
            var bn = (TorchSharp.Modules.BatchNorm)shortcut.named_children().Single(c => c.name == "1").module;
            reference = nn.functional.batch_norm(reference, bn.running_mean!, bn.running_var!, bn.weight, bn.bias, training: false);
            Assert.Equal([2L, 1024, 8, 8], output.shape);
            Assert.True(allclose(output, reference, rtol: 1e-4, atol: 1e-5));
        }
        output.sum().backward();   // a plain Conv2d(512, 1024, 1, stride: 2) dies here with SIGFPE (libtorch 2.10 CPU)
        Assert.Equal(x.shape, x.grad!.shape);
        Assert.Equal(["0.weight", "1.weight", "1.bias"], shortcut.named_parameters().Select(p => p.name));
    }
}
