using Course.Labs.Data;
using Course.Labs.Training;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

/// <summary>A linearly separable two-class problem in 8 dimensions: class = (x0 + x1 > 0).</summary>
internal static class SyntheticData
{
    public static (Tensor X, Tensor Y) Make(int samples, int seed)
    {
        var generator = new Generator((ulong)seed);
        var x = randn([samples, 8], generator: generator);
        var y = (x[.., 0] + x[.., 1]).gt(0).to(ScalarType.Int64);
        return (x, y);
    }

    public static IBatchSource Source(int samples, int seed, int batchSize = 32, bool shuffle = true)
    {
        var (x, y) = Make(samples, seed);
        return BatchSource.FromTensors(x, y, batchSize, shuffle, seed);
    }

    public static nn.Module<Tensor, Tensor> Model(int seed, double dropout = 0)
    {
        manual_seed(seed);
        return nn.Sequential(("fc1", nn.Linear(8, 32)), ("relu", nn.ReLU()), ("drop", nn.Dropout(dropout)), ("fc2", nn.Linear(32, 2)));
    }

    public static float[] Weights(nn.Module model)
        => model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
}
