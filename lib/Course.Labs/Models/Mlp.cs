using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// Multi-layer perceptron: flattens its input, then Linear-ReLU for each hidden size and a final Linear
/// (seed 000: 784-256-10 for MNIST).
/// </summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <param name="inputSize">Features per sample after flattening (784 for 28x28 images).</param>
    /// <param name="hiddenSizes">Width of each hidden layer, in order (may be empty: logistic regression).</param>
    /// <param name="outputSize">Number of outputs (classes).</param>
    public Mlp(long inputSize, IReadOnlyList<long> hiddenSizes, long outputSize) : base(nameof(Mlp))
    {
        ModelArguments.Positive(inputSize, nameof(inputSize));
        ModelArguments.Positive(outputSize, nameof(outputSize));
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        long width = inputSize;
        for (int i = 0; i < hiddenSizes.Count; i++)
        {
            ModelArguments.Positive(hiddenSizes[i], $"{nameof(hiddenSizes)}[{i}]");
            modules.Add(($"fc{i + 1}", Linear(width, hiddenSizes[i])));
            modules.Add(($"relu{i + 1}", ReLU()));
            width = hiddenSizes[i];
        }
        modules.Add(("out", Linear(width, outputSize)));
        layers = Sequential(modules);
        RegisterComponents();
    }

    /// <summary>An MLP with one hidden layer, e.g. <c>new Mlp(784, 256, 10)</c>.</summary>
    public Mlp(long inputSize, long hiddenSize, long outputSize) : this(inputSize, [hiddenSize], outputSize) { }

    public override Tensor forward(Tensor x) => layers.call(x.flatten(1));
}
