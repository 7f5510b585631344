using Course.Labs.Models.Layers;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Models;

/// <summary>The library's BatchNorm layers behave as TorchSharp's (PyTorch's) in every mode and save the same state.</summary>
public class BatchNormTests
{
    public static TheoryData<int, double?> Cases => new() { { 2, 0.1 }, { 2, null }, { 1, 0.3 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Training_and_eval_match_torchsharp_batchnorm_and_the_counter_advances(int dims, double? momentum)
    {
        manual_seed(3);
        long[] shape = dims == 2 ? [8, 5, 4, 4] : [8, 5];
        nn.Module<Tensor, Tensor> ours = dims == 2 ? new BatchNorm2d(5) : new BatchNorm1d(5);
        nn.Module<Tensor, Tensor> theirs = dims == 2 ? nn.BatchNorm2d(5) : nn.BatchNorm1d(5);
        ((TorchSharp.Modules.BatchNorm)ours).momentum = momentum;
        ((TorchSharp.Modules.BatchNorm)theirs).momentum = momentum;
        for (int step = 0; step < 4; step++)
        {
            var x = randn(shape) * (step + 1) + step;
            var (a, b) = (ours.call(x), theirs.call(x));
            Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-6), $"training output differs at step {step + 1}");
        }
        var ourState = ours.state_dict();
        var theirState = theirs.state_dict();
        Assert.Equal(theirState.Keys.OrderBy(k => k), ourState.Keys.OrderBy(k => k));
        foreach (var key in theirState.Keys)
            Assert.True(ourState[key].to_type(float64).allclose(theirState[key].to_type(float64), rtol: 1e-5, atol: 1e-6), $"{key} differs");
        Assert.Equal(4L, ourState["num_batches_tracked"].item<long>());

        ours.eval();
        theirs.eval();
        var probe = randn(shape);
        Assert.True(ours.call(probe).allclose(theirs.call(probe), rtol: 1e-5, atol: 1e-6), "eval output differs");
        Assert.Equal(4L, ourState["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void A_wrongly_shaped_input_gets_a_message_with_the_expected_and_actual_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => new BatchNorm2d(3).call(zeros(2, 3)));
        Assert.Contains("4-D input (N, C, H, W), got 2-D [2, 3]", error.Message);
        error = Assert.Throws<ArgumentException>(() => new BatchNorm1d(3).call(zeros(2, 3, 4, 4)));
        Assert.Contains("got 4-D [2, 3, 4, 4]", error.Message);
    }

    [Fact]
    public void Training_on_one_value_per_channel_is_refused_with_a_message_as_PyTorch_does()
    {
        var error = Assert.Throws<ArgumentException>(() => new BatchNorm2d(12).call(randn(1, 12, 1, 1)));
        Assert.Contains("BatchNorm2d expects more than 1 value per channel when training, got input size [1, 12, 1, 1]", error.Message);
        error = Assert.Throws<ArgumentException>(() => new BatchNorm1d(5).call(randn(1, 5)));
        Assert.Contains("BatchNorm1d expects more than 1 value per channel", error.Message);
        var eval = new BatchNorm1d(5);
        eval.eval();
        Assert.Equal([1L, 5L], eval.call(randn(1, 5)).shape);   // running statistics need no batch
        Assert.Equal([2L, 5L], new BatchNorm1d(5).call(randn(2, 5)).shape);
    }
}
