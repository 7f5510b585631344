using static TorchSharp.torch;

namespace Course.Labs.Weights;

/// <summary>
/// Reads the input preprocessing that ships with the CNTK ResNet-18 (<c>ResNetPrepOnnx/ResNetPreprocess.onnx</c>):
/// Split the RGB input into its channels, Concat them as B, G, R, Subtract a 224 x 224 per-pixel mean image (BGR,
/// 0..255 scale: about 103, 116 and 123). The graph is checked to be exactly that; the mean image is returned.
/// </summary>
internal static class CntkPreprocessGraph
{
    /// <summary>The mean image [3, 224, 224], channels in B, G, R order, on the 0..255 scale.</summary>
    public static Tensor MeanImage(OnnxGraph graph)
    {
        var nodes = graph.Graph.Node;
        if (nodes.Count != 3 || nodes[0].OpType != "Split" || nodes[1].OpType != "Concat" || nodes[2].OpType != "Sub")
            throw graph.Error($"expected Split, Concat, Sub; found {string.Join(", ", nodes.Select(n => n.OpType))}");
        var (split, concat, sub) = (nodes[0], nodes[1], nodes[2]);
        if (graph.Int(split, "axis", 0) != 1 || split.Output.Count != 3 || graph.Int(concat, "axis", 0) != 1)
            throw graph.Error("the Split and Concat do not work on the channel axis");
        if (!concat.Input.SequenceEqual([split.Output[2], split.Output[1], split.Output[0]]))
            throw graph.Error("the Concat does not reverse the channels (RGB to BGR)");
        if (sub.Input[0] != concat.Output[0] || !graph.IsInitializer(sub.Input[1]) || sub.Output[0] != graph.Graph.Output[0].Name)
            throw graph.Error("the Sub does not take a constant mean image from the reordered input");
        using var mean = graph.Initializer(sub.Input[1]);
        if (!mean.shape.SequenceEqual([1L, 3L, 224L, 224L])) throw graph.Error($"the mean image is [{string.Join(", ", mean.shape)}], not [1, 3, 224, 224]");
        return mean.squeeze(0);
    }
}
