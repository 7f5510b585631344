using Course.Labs.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Course.Labs.Tests.Models;

/// <summary>
/// The transition pools before its 1x1 convolution (a quarter of the work); it must still compute the paper's
/// BN-ReLU-Conv1x1-AvgPool, forward and backward, on even and odd map sizes.
/// </summary>
public class DenseTransitionTests
{
    [Theory]
    [InlineData(48, 24, 8, true)]
    [InlineData(90, 45, 7, true)]    // odd map: pooling drops the last row and column either way
    [InlineData(36, 18, 6, false)]
    public void Output_and_gradients_equal_conv_then_pool(int inChannels, int outChannels, int size, bool training)
    {
        manual_seed(5);
        var transition = new DenseTransition(inChannels, outChannels);
        transition.train(training);
        var parameters = transition.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var buffers = transition.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());
        if (!training)
        {
            // Eval mode reads the running statistics: make them something other than the initial 0 and 1.
            transition.named_buffers().Single(b => b.name == "bn.running_mean").buffer.copy_(randn(inChannels));
            transition.named_buffers().Single(b => b.name == "bn.running_var").buffer.copy_(rand(inChannels) + 0.5);
            buffers = transition.named_buffers().ToDictionary(b => b.name, b => b.buffer.clone());
        }
        var x = randn(6, inChannels, size, size) * 2 + 1;
        var upstream = randn(6, outChannels, size / 2, size / 2);

        var ours = x.clone().requires_grad_(true);
        var oursOutput = transition.call(ours);
        (oursOutput * upstream).sum().backward();
        var oursGrads = parameters.ToDictionary(p => p.Key, p => p.Value.grad!.clone());
        transition.zero_grad();

        var reference = x.clone().requires_grad_(true);
        var normalized = batch_norm(reference, buffers["bn.running_mean"], buffers["bn.running_var"],
            parameters["bn.weight"], parameters["bn.bias"], training, 0.1, 1e-5);
        var expected = avg_pool2d(conv2d(normalized.relu(), parameters["conv.weight"]), 2);
        (expected * upstream).sum().backward();

        Assert.Equal(expected.shape, oursOutput.shape);
        Assert.True(oursOutput.allclose(expected, rtol: 1e-4, atol: 1e-5), "output");
        Assert.True(ours.grad!.allclose(reference.grad!, rtol: 1e-4, atol: 1e-4), "input gradient");
        foreach (var (name, grad) in oursGrads)
            Assert.True(grad.allclose(parameters[name].grad!, rtol: 1e-4, atol: 1e-4), $"{name} gradient");
    }
}
