using System.Runtime.InteropServices;
using Onnx;
using static TorchSharp.torch;

namespace Course.Labs.Weights;

/// <summary>
/// An ONNX graph read with OnnxSharp, indexed for walking it by data flow: which node produces a value, which
/// values are initializers (weights), and a node's attributes. Errors name the file and the node.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly Dictionary<string, NodeProto> producers = [];
    private readonly Dictionary<string, TensorProto> initializers = [];

    public string Path { get; }
    public GraphProto Graph { get; }

    private OnnxGraph(string path, GraphProto graph)
    {
        Path = path;
        Graph = graph;
        foreach (var node in graph.Node)
            foreach (var output in node.Output) producers[output] = node;
        foreach (var initializer in graph.Initializer) initializers[initializer.Name] = initializer;
    }

    public static OnnxGraph Read(string path)
    {
        ModelProto model;
        try { model = ModelProto.Parser.ParseFromFile(path); }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{path}' is not a readable ONNX model ({e.Message}).", e);
        }
        return new OnnxGraph(path, model.Graph);
    }

    /// <summary>The node that computes <paramref name="value"/>, or null for a graph input or an initializer.</summary>
    public NodeProto? Producer(string value) => producers.GetValueOrDefault(value);

    /// <summary>The node computing <paramref name="value"/>, which must be a <paramref name="opType"/>, else null.</summary>
    public NodeProto? Producer(string value, string opType) => Producer(value) is { } node && node.OpType == opType ? node : null;

    public bool IsInitializer(string value) => initializers.ContainsKey(value);

    /// <summary>Initializer <paramref name="name"/> as a float32 CPU tensor of its own shape.</summary>
    public Tensor Initializer(string name)
    {
        if (!initializers.TryGetValue(name, out var proto)) throw Error($"the weight '{name}' is not an initializer of the graph");
        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
            throw Error($"the weight '{name}' is of ONNX type {proto.DataType}, not float32");
        long[] shape = [.. proto.Dims];
        long count = shape.Aggregate(1L, (a, b) => a * b);
        float[] values = proto.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray()   // ONNX raw data is little-endian, as is every platform .NET runs on here
            : [.. proto.FloatData];
        if (values.Length != count) throw Error($"the weight '{name}' holds {values.Length} values for shape [{string.Join(", ", shape)}]");
        return tensor(values, shape);
    }

    public long[] Ints(NodeProto node, string attribute, long[] fallback)
        => node.Attribute.FirstOrDefault(a => a.Name == attribute) is { } a ? [.. a.Ints] : fallback;

    public long Int(NodeProto node, string attribute, long fallback)
        => node.Attribute.FirstOrDefault(a => a.Name == attribute) is { } a ? a.I : fallback;

    public float Float(NodeProto node, string attribute, float fallback)
        => node.Attribute.FirstOrDefault(a => a.Name == attribute) is { } a ? a.F : fallback;

    /// <summary>An error about this graph: the file, then what does not fit.</summary>
    public InvalidDataException Error(string what)
        => new($"'{Path}' does not have the layout the converter expects: {what}.");
}
