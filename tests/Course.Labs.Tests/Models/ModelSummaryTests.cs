using Course.Labs.Models;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Models;

public sealed class ModelSummaryTests
{
    [Fact]
    public void Lists_leaf_layers_in_call_order_with_shapes_and_totals()
    {
        var model = new Mlp(784, [256, 64], 10);
        var summary = model.Summary(1, 1, 28, 28);
        Assert.Equal(["layers.fc1", "layers.relu1", "layers.fc2", "layers.relu2", "layers.out"], summary.Layers.Select(l => l.Name));
        Assert.Equal([1L, 64], summary.Layers[2].OutputShape);
        Assert.Equal(784 * 256 + 256, summary.Layers[0].Parameters);
        Assert.Equal(summary.Layers.Sum(l => l.Parameters), summary.TotalParameters);
        Assert.Equal(model.ParameterCount(), summary.TotalParameters);
    }

    [Fact]
    public void Restores_training_mode_and_renders_text_and_html()
    {
        var model = ResNet.ResNet18(numClasses: 10, stem: ResNetStem.Cifar);
        model.train();
        var summary = model.Summary(1, 3, 32, 32);
        Assert.True(model.training);
        Assert.Equal(("conv1", "Conv2d"), (summary.Layers[0].Name, summary.Layers[0].Type));
        Assert.Equal([1L, 64, 32, 32], summary.Layers[0].OutputShape);
        Assert.Equal((20, 1), (summary.CountLayers("Conv2d"), summary.CountLayers("Linear"))); // 17 + 3 shortcut convolutions, 1 classifier
        Assert.Contains("Total params: 11,173,962", summary.ToString());
        Assert.Equal(summary.Layers.Count, summary.Layers.Select(l => l.Name).Distinct().Count());
        Assert.Equal(model.state_dict().Count, model.state_dict().Keys.Distinct().Count());
        Assert.Contains("layer2.0.downsample.0.weight", model.state_dict().Keys);
        Assert.Contains("<td style=\"text-align:left\"><code>layer1.0.conv1</code></td>", summary.ToHtml());
    }

    [Fact]
    public void Summarises_a_model_with_two_outputs()
    {
        var backbone = ResNet.ResNet18(numClasses: 0, stem: ResNetStem.Cifar);
        var model = new ReIdNet(numIdentities: 5, embeddingSize: 8, bnNeck: true, hiddenSize: 16, backbone: backbone);
        var summary = model.Summary(2, 3, 32, 16);
        Assert.Equal([2L, 5], summary.Layers.Single(l => l.Name == "idHead.1").OutputShape);
        Assert.Equal([2L, 8], summary.Layers.Single(l => l.Name == "metricHead.1").OutputShape);
        Assert.Equal([2L, 512], summary.Layers.Single(l => l.Name == "neck").OutputShape);
        Assert.Equal(512, summary.TotalParameters - summary.TrainableParameters);
    }

    [Fact]
    public void Rejects_a_shape_without_batch()
    {
        var e = Assert.Throws<ArgumentException>(() => new Mlp(4, 2, 1).Summary(4));
        Assert.Equal("inputShape", e.ParamName);
    }
}
