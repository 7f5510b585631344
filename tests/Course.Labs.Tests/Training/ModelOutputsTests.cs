using Course.Labs.Data;
using Course.Labs.Models;
using Course.Labs.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

public sealed class ModelOutputsTests
{
    private static nn.Module<Tensor, Tensor> DropoutNet()
    {
        manual_seed(3);
        return nn.Sequential(("conv", nn.Conv2d(1, 2, 3)), ("bn", nn.BatchNorm2d(2)), ("dropout", nn.Dropout(0.5)), ("flat", nn.Flatten()));
    }

    [Fact]
    public void Outputs_are_the_eval_mode_outputs_in_batches_with_a_shorter_last_one_and_the_mode_is_restored()
    {
        var model = DropoutNet();
        var x = rand(7, 1, 5, 5);
        model.train();
        var outputs = model.Outputs(x, batchSize: 3);
        Assert.True(model.training);
        Assert.False(outputs.requires_grad);
        Assert.Equal(DeviceType.CPU, outputs.device_type);
        Assert.Equal([7L, 18L], outputs.shape);
        model.eval();
        Tensor expected;
        using (no_grad()) expected = model.call(x);
        Assert.True(outputs.allclose(expected), "the outputs differ from one eval-mode pass over all rows (dropout or batch statistics used?)");
        model.Outputs(x, batchSize: 100);
        Assert.False(model.training);
    }

    [Fact]
    public void Outputs_over_a_batch_source_use_the_given_forward_on_the_inputs_only_in_eval_mode()
    {
        var model = DropoutNet();
        var x = rand(7, 1, 5, 5);
        var labels = zeros(7, dtype: ScalarType.Int64);
        model.train();
        var doubled = model.Outputs(BatchSource.FromTensors(x, labels, 3, shuffle: false), input => 2 * model.call(input));
        Assert.True(model.training);
        Assert.Equal([7L, 18L], doubled.shape);
        Assert.True(doubled.allclose(2 * model.Outputs(x)), "not the eval-mode outputs of the given forward, in order");
        var e = Assert.Throws<ArgumentException>(() => model.Outputs(BatchSource.From(_ => []), model.call));
        Assert.Contains("no batches", e.Message);
    }

    [Fact]
    public void A_model_that_returns_its_input_gives_the_inputs_back()
    {
        var x = randn(5, 4);
        var outputs = nn.Identity().Outputs(x, batchSize: 2);
        Assert.True(outputs.allclose(x));
        Assert.Equal(20L, x.numel());   // the inputs stay usable
    }

    [Fact]
    public void Bad_arguments_are_refused_with_the_parameter_named()
    {
        var model = DropoutNet();
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => model.Outputs(rand(2, 1, 5, 5), batchSize: 0));
        Assert.Equal("batchSize", zero.ParamName);
        var empty = Assert.Throws<ArgumentException>(() => model.Outputs(rand(0, 1, 5, 5)));
        Assert.Equal("inputs", empty.ParamName);
        Assert.Contains("[0, 1, 5, 5]", empty.Message);
    }

    [Fact]
    public void The_parameter_device_of_a_model_without_parameters_is_the_cpu()
    {
        Assert.Equal(DeviceType.CPU, nn.Identity().ParameterDevice().type);
        Assert.Equal(DeviceType.CPU, DropoutNet().ParameterDevice().type);
    }
}
