using Onnx;
using static TorchSharp.torch;

namespace Course.Labs.Weights;

/// <summary>
/// Maps the ImageNet ResNet-18 that CNTK 2.6 exported to ONNX (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18)
/// layer by layer onto torchvision's names, the library's <see cref="Models.ResNet"/> without its classifier. Its
/// weights are named <c>Parameter91</c>, <c>Constant98</c>, ..., so the layers are found by walking the graph
/// backwards from its output: global average pool, nine residual blocks (see <see cref="Layers"/>) (Relu of Add of the main path
/// Conv-BN-Relu-Conv-BN and the shortcut, an identity or Conv1x1-BN), then the stem Conv-BN-Relu-MaxPool. Every
/// operator's attributes are checked against what the library's ResNet-18 computes; what differs in form only
/// (see <see cref="AsymmetricPads"/>) is counted.
/// </summary>
internal sealed class CntkResNet18Graph
{
    private readonly record struct ConvBn(NodeProto Conv, NodeProto Bn);
    private sealed record Block(ConvBn First, ConvBn Second, ConvBn? Projection);

    /// <summary>
    /// Basic blocks per stage in the package's "ResNet18": 2, 2, 2 and 3. torchvision's ResNet-18 has 2, 2, 2, 2; CNTK's
    /// has one more 512-channel block (19 convolutions on the main path instead of 17; 15.9 M parameters before a
    /// classifier instead of 11.2 M).
    /// </summary>
    public static readonly IReadOnlyList<int> Layers = [2, 2, 2, 3];

    private readonly OnnxGraph graph;
    private readonly Dictionary<string, Tensor> entries = [];

    /// <summary>
    /// Strided convolutions and pools whose ONNX padding is CNTK's (begin p, end p - 1) rather than torchvision's
    /// (p on both sides). With stride 2 on an even-sized input the last window never reaches the extra padded row, so
    /// the two give the same output; the graph's input is 224 x 224, even at every stride (224, 112, 56, 28, 14).
    /// </summary>
    public int AsymmetricPads { get; private set; }

    private CntkResNet18Graph(OnnxGraph graph) => this.graph = graph;

    /// <summary>The state dict of <c>new ResNet(ResNetBlockKind.Basic, Layers, numClasses: 0)</c> (CPU tensors; the caller disposes them).</summary>
    public static (Dictionary<string, Tensor> Entries, int AsymmetricPads) Convert(OnnxGraph graph)
    {
        var walker = new CntkResNet18Graph(graph);
        try
        {
            walker.Walk();
            return (walker.entries, walker.AsymmetricPads);
        }
        catch
        {
            foreach (var t in walker.entries.Values) t.Dispose();
            throw;
        }
    }

    private void Walk()
    {
        if (graph.Graph.Input.Count(i => !graph.IsInitializer(i.Name)) != 1 || graph.Graph.Output.Count != 1)
            throw graph.Error("one image input and one output expected");
        var pool = graph.Producer(graph.Graph.Output[0].Name, "AveragePool") ?? graph.Producer(graph.Graph.Output[0].Name, "GlobalAveragePool")
                   ?? throw graph.Error("the output is not an average pool (the pooled features)");
        string value = pool.Input[0];
        var blocks = new List<Block>();
        while (graph.Producer(value, "MaxPool") is null)
        {
            var relu = graph.Producer(value, "Relu") ?? throw graph.Error($"'{value}' is neither a block's Relu nor the stem's max-pool");
            var add = graph.Producer(relu.Input[0], "Add") ?? throw graph.Error($"Relu '{relu.Name}' does not follow a residual Add");
            (var block, value) = ParseBlock(add);
            blocks.Add(block);
        }
        blocks.Reverse();

        var maxPool = graph.Producer(value, "MaxPool")!;
        CheckPool(maxPool);
        var stemRelu = graph.Producer(maxPool.Input[0], "Relu") ?? throw graph.Error("no Relu before the max-pool");
        var stem = ConvBnBefore(stemRelu.Input[0]) ?? throw graph.Error("no Conv-BatchNormalization stem");
        if (graph.Producer(stem.Conv.Input[0]) is not null) throw graph.Error("the stem convolution does not read the graph's input");
        Add("conv1", "bn1", stem, stride: 2, kernel: 7);

        // A stage starts with the block whose shortcut is a strided projection (the first stage keeps 64 channels: identity).
        var stages = new List<List<Block>>();
        foreach (var block in blocks)
        {
            if (stages.Count == 0 || block.Projection is not null) stages.Add([]);
            stages[^1].Add(block);
        }
        var layout = stages.Select(stage => stage.Count).ToArray();
        if (!layout.SequenceEqual(Layers))
            throw graph.Error($"its stages hold [{string.Join(", ", layout)}] residual blocks, the package's ResNet-18 [{string.Join(", ", Layers)}]");
        if (blocks[0].Projection is not null) throw graph.Error("the first block has a projection shortcut");
        for (int stage = 0; stage < stages.Count; stage++)
        {
            for (int i = 0; i < stages[stage].Count; i++)
            {
                long stride = i == 0 && stage > 0 ? 2 : 1;
                string prefix = $"layer{stage + 1}.{i}";
                var block = stages[stage][i];
                Add($"{prefix}.conv1", $"{prefix}.bn1", block.First, stride, kernel: 3);
                Add($"{prefix}.conv2", $"{prefix}.bn2", block.Second, stride: 1, kernel: 3);
                if (block.Projection is { } projection) Add($"{prefix}.downsample.0", $"{prefix}.downsample.1", projection, stride, kernel: 1);
            }
        }
    }

    /// <summary>A residual block from its Add: which input is the main path and which the shortcut, and the block's input.</summary>
    private (Block Block, string Input) ParseBlock(NodeProto add)
    {
        if (add.Input.Count != 2) throw graph.Error($"Add '{add.Name}' has {add.Input.Count} inputs");
        foreach (var (main, shortcut) in new[] { (add.Input[0], add.Input[1]), (add.Input[1], add.Input[0]) })
        {
            if (ConvBnBefore(main) is not { } second) continue;
            var relu = graph.Producer(second.Conv.Input[0], "Relu");
            if (relu is null || ConvBnBefore(relu.Input[0]) is not { } first) continue;
            string input = first.Conv.Input[0];
            if (shortcut == input) return (new Block(first, second, null), input);
            if (ConvBnBefore(shortcut) is { } projection && projection.Conv.Input[0] == input) return (new Block(first, second, projection), input);
        }
        throw graph.Error($"Add '{add.Name}' does not join a Conv-BN-Relu-Conv-BN path and a shortcut from the same input");
    }

    private ConvBn? ConvBnBefore(string value)
    {
        var bn = graph.Producer(value, "BatchNormalization");
        var conv = bn is null ? null : graph.Producer(bn.Input[0], "Conv");
        return conv is null ? null : new ConvBn(conv, bn!);
    }

    private void Add(string convName, string bnName, ConvBn layer, long stride, long kernel)
    {
        var (conv, bn) = layer;
        if (conv.Input.Count != 2) throw graph.Error($"Conv '{conv.Name}' has a bias; torchvision's ResNet convolutions have none");
        if (graph.Int(conv, "group", 1) != 1 || graph.Ints(conv, "dilations", [1, 1]).Any(d => d != 1))
            throw graph.Error($"Conv '{conv.Name}' is grouped or dilated");
        if (!graph.Ints(conv, "strides", [1, 1]).SequenceEqual([stride, stride]))
            throw graph.Error($"Conv '{conv.Name}' ({convName}) has strides [{string.Join(", ", graph.Ints(conv, "strides", [1, 1]))}], ResNet-18's is {stride}");
        CheckPads(conv, stride, (kernel - 1) / 2);
        var weight = graph.Initializer(conv.Input[1]);
        entries[$"{convName}.weight"] = weight;
        if (weight.shape[2] != kernel || weight.shape[3] != kernel)
            throw graph.Error($"Conv '{conv.Name}' ({convName}) has a {weight.shape[2]}x{weight.shape[3]} kernel, ResNet-18's is {kernel}x{kernel}");

        if (bn.Input.Count != 5 || graph.Int(bn, "spatial", 1) != 1) throw graph.Error($"BatchNormalization '{bn.Name}' is not a per-channel (spatial) one");
        // CNTK writes epsilon 1e-5 as the float nearest to it, as PyTorch stores it.
        if (Math.Abs(graph.Float(bn, "epsilon", 1e-5f) - 1e-5) > 1e-9)
            throw graph.Error($"BatchNormalization '{bn.Name}' has epsilon {graph.Float(bn, "epsilon", 1e-5f)}, the library's BatchNorm2d uses 1e-5");
        entries[$"{bnName}.weight"] = graph.Initializer(bn.Input[1]);
        entries[$"{bnName}.bias"] = graph.Initializer(bn.Input[2]);
        entries[$"{bnName}.running_mean"] = graph.Initializer(bn.Input[3]);
        entries[$"{bnName}.running_var"] = graph.Initializer(bn.Input[4]);
        entries[$"{bnName}.num_batches_tracked"] = tensor(0L);
    }

    private void CheckPool(NodeProto pool)
    {
        if (!graph.Ints(pool, "kernel_shape", []).SequenceEqual([3L, 3L]) || !graph.Ints(pool, "strides", [1, 1]).SequenceEqual([2L, 2L]))
            throw graph.Error($"MaxPool '{pool.Name}' is not 3x3 with stride 2");
        CheckPads(pool, stride: 2, padding: 1);
    }

    /// <summary>ONNX pads are [top, left, bottom, right]: torchvision's symmetric padding, or CNTK's one-less end padding on a stride 2.</summary>
    private void CheckPads(NodeProto node, long stride, long padding)
    {
        var pads = graph.Ints(node, "pads", [0, 0, 0, 0]);
        if (pads.Length != 4 || pads[0] != padding || pads[1] != padding || pads[2] != pads[3])
            throw graph.Error($"{node.OpType} '{node.Name}' has pads [{string.Join(", ", pads)}]");
        if (pads[2] == padding) return;
        if (stride == 2 && pads[2] == padding - 1) { AsymmetricPads++; return; }
        throw graph.Error($"{node.OpType} '{node.Name}' has pads [{string.Join(", ", pads)}], which differ from a padding of {padding} on every size");
    }
}
