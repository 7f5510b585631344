using Course.Labs.Models;
using Course.Labs.Weights;
using static TorchSharp.torch;


namespace Course.Labs.Tests.Weights;

/// <summary>What <c>Pretrained.ResNet18ImageNet</c> and its preprocessing give a lab: a new head, last stride 1, any input size, grey images.</summary>
public sealed class PretrainedModelTests
{
    [Fact]
    public void The_packages_layout_has_one_more_block_in_the_last_stage_than_torchvisions()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        using var cntk = ResNet.CntkResNet18(numClasses: 0);
        using var torchvision = ResNet.ResNet18(numClasses: 0);
        // One more BasicBlock(512, 512): two 3x3 convolutions of 512 x 512 and two BatchNorms of 512.
        Assert.Equal(torchvision.ParameterCount() + 2 * 512 * 512 * 9 + 2 * 2 * 512, cntk.ParameterCount());
        Assert.Equal(15_897_152, cntk.ParameterCount());
    }

    [Fact]
    public void A_new_head_and_a_last_stride_of_one_keep_the_pretrained_features()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        using var features = Pretrained.ResNet18ImageNet(log: _ => { });
        using var classifier = Pretrained.ResNet18ImageNet(numClasses: 7, log: _ => { });
        using var reid = Pretrained.ResNet18ImageNet(lastStride: 1, log: _ => { });
        foreach (var m in new[] { features, classifier, reid }) m.eval();
        using var generator = new Generator(seed: 3);
        using var images = rand([2, 3, 64, 64], generator: generator).mul_(255f).sub_(120f);
        using var noGrad = no_grad();
        using var f = features.call(images);
        using var logits = classifier.call(images);
        using var f2 = classifier.Features(images);
        Assert.Equal(new long[] { 2, 512 }, f.shape);
        Assert.Equal(new long[] { 2, 7 }, logits.shape);
        Assert.True(f.equal(f2).all().item<bool>(), "the classifier's body must hold the same ImageNet weights");
        var parameters = reid.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in features.named_parameters()) Assert.True(p.equal(parameters[name]).all().item<bool>(), name);
        using var strideOne = reid.call(images);
        Assert.False(strideOne.allclose(f, rtol: 1e-3, atol: 1e-3), "last stride 1 pools a larger map, so the features differ");
    }

    [Fact]
    public void Preprocessing_takes_grey_and_other_sizes_and_refuses_normalised_input()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        using var preprocess = Pretrained.ResNet18ImageNetPreprocess(_ => { });
        using var grey = full([1, 28, 28], 0.5f);
        using var rgb = full([3, 28, 28], 0.5f);
        using var fromGrey = preprocess.Apply(grey, new Random(0));
        using var fromRgb = preprocess.Apply(rgb, new Random(0));
        Assert.Equal(new long[] { 3, 28, 28 }, fromGrey.shape);
        Assert.True(fromGrey.equal(fromRgb).all().item<bool>());
        // 0.5 * 255 minus the mean image resized to 28 x 28, whose channel averages stay the package's (B 103.1, G 115.9, R 123.2).
        using var channelMeans = fromRgb.mean([1L, 2L]);
        var means = channelMeans.data<float>().ToArray();
        Assert.Equal(127.5 - 103.06, means[0], 0.3);
        Assert.Equal(127.5 - 115.90, means[1], 0.3);
        Assert.Equal(127.5 - 123.15, means[2], 0.3);

        using var batch = rand(4, 3, 32, 32);
        using var batched = preprocess.Apply(batch, new Random(0));
        using var one = preprocess.Apply(batch[2], new Random(0));
        Assert.True(batched[2].equal(one).all().item<bool>(), "a batch is preprocessed image by image");

        using var normalised = batch.sub(0.5f).div_(0.25f);
        var error = Assert.Throws<ArgumentException>(() => preprocess.Apply(normalised, new Random(0)));
        Assert.Contains("0..1", error.Message);
    }
}
