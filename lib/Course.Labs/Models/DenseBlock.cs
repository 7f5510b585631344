using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// torchvision's dense block (<c>_DenseBlock</c>): layers <c>denselayer1..N</c>, each reading the concatenation of the
/// block's input and every earlier layer's output (in that order), the block returning all of them concatenated.
/// </summary>
public sealed class DenseBlock : Module<Tensor, Tensor>
{
    private readonly List<DenseLayer> layers = [];

    public DenseBlock(int layerCount, long inChannels, long growthRate, long bnSize) : base(nameof(DenseBlock))
    {
        for (int i = 0; i < layerCount; i++)
        {
            var layer = new DenseLayer(inChannels + i * growthRate, growthRate, bnSize);
            layers.Add(layer);
            register_module($"denselayer{i + 1}", layer);
        }
        OutChannels = inChannels + layerCount * growthRate;
    }

    /// <summary>Input channels plus every layer's growth.</summary>
    public long OutChannels { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var features = x;
        foreach (var layer in layers) features = cat([features, layer.call(features)], 1);
        return features.MoveToOuterDisposeScope();
    }
}
