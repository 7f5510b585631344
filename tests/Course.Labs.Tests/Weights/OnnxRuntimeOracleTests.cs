using Course.Labs.Models;
using Course.Labs.Weights;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Course.Labs.Tests.Weights;

/// <summary>
/// The converted ImageNet ResNet-18 and its preprocessing against ONNX Runtime running the package's own graphs
/// (ResNet18.onnx, ResNetPreprocess.onnx) on random images: the largest absolute difference must stay within 1e-4 of
/// the largest absolute value of ONNX Runtime's output.
/// </summary>
public sealed class OnnxRuntimeOracleTests(ITestOutputHelper output)
{
    private const int Images = 3;
    private const double RelativeTolerance = 1e-4;

    [Fact]
    public void Preprocessing_matches_the_packages_graph()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        var weights = new ResNet18ImageNetWeights();
        using var preprocess = ResNet18ImageNetPreprocess.Load(weights, output.WriteLine);
        using var session = new InferenceSession(weights.PreprocessPath);
        using var images = RandomImages();
        using var ours = preprocess.Apply(images, new Random(0));
        for (int i = 0; i < Images; i++)
        {
            using var image = images[i].unsqueeze(0);
            using var expected = Run(session, image.mul(255f));   // the graph takes 0..255 RGB
            Compare($"preprocessed image {i}", ours[i].unsqueeze(0), expected);
        }
    }

    [Fact]
    public void Features_match_the_packages_graph_on_its_own_preprocessed_inputs()
    {
        using var scope = NewDisposeScope();   // every tensor the test makes, freed when it ends
        var weights = new ResNet18ImageNetWeights();
        using var model = Pretrained.ResNet18ImageNet(weights, log: output.WriteLine);
        model.eval();
        using var preprocessSession = new InferenceSession(weights.PreprocessPath);
        using var session = new InferenceSession(weights.ModelPath);
        using var images = RandomImages();
        var inputs = new List<Tensor>();
        var expected = new List<Tensor>();
        try
        {
            for (int i = 0; i < Images; i++)
            {
                using var image = images[i].unsqueeze(0);
                inputs.Add(Run(preprocessSession, image.mul(255f)));
                expected.Add(Run(session, inputs[i]).flatten(1));
            }
            using var batch = cat(inputs, 0);
            using var noGrad = no_grad();
            using var ours = model.call(batch);
            Assert.Equal(new long[] { Images, 512 }, ours.shape);
            for (int i = 0; i < Images; i++) Compare($"features of image {i}", ours[i].unsqueeze(0), expected[i]);
        }
        finally
        {
            foreach (var t in inputs.Concat(expected)) t.Dispose();
        }
    }

    private static Tensor RandomImages()
    {
        using var generator = new Generator(seed: 22);
        return rand([Images, 3, 224, 224], generator: generator);
    }

    /// <summary>Runs a one-input, one-output graph on <paramref name="input"/> [1, 3, 224, 224].</summary>
    private static Tensor Run(InferenceSession session, Tensor input)
    {
        using var contiguous = input.contiguous();
        var data = contiguous.data<float>().ToArray();
        var onnxInput = new DenseTensor<float>(data, [.. input.shape.Select(d => (int)d)]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), onnxInput)]);
        var result = results.Single().AsTensor<float>();
        return tensor(result.ToArray(), [.. result.Dimensions.ToArray().Select(d => (long)d)]);
    }

    private void Compare(string what, Tensor ours, Tensor expected)
    {
        Assert.Equal(expected.shape, ours.shape);
        double scale = expected.abs().max().item<float>();
        double difference = (ours - expected).abs().max().item<float>();
        output.WriteLine($"{what}: largest |difference| {difference:G3}, largest |value| {scale:G4}, ratio {difference / scale:G3}");
        Assert.True(scale > 0, $"{what}: ONNX Runtime's output is all zeros");
        Assert.True(difference <= RelativeTolerance * scale,
            $"{what}: largest |difference| {difference:G4} exceeds {RelativeTolerance} of the largest |value| {scale:G4}");
    }
}
