using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// AlexNet as torchvision builds it (the one-GPU variant of Krizhevsky's "One weird trick" paper): <c>features</c>
/// (five convolutions, three max-pools), <c>avgpool</c> (adaptive, 6x6) and <c>classifier</c> (dropout, 9216-4096-4096).
/// torchvision's names and shapes, so its weights load as they are; PyTorch's default initialisation, as torchvision.
/// Inputs of at least 63 x 63 pixels.
/// </summary>
public sealed class AlexNet : Module<Tensor, Tensor>, IHasClassifier
{
    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;

    /// <param name="numClasses">Outputs of the last layer (1000 for ImageNet).</param>
    /// <param name="dropout">Dropout probability before each of the first two linear layers.</param>
    public AlexNet(long numClasses = 1000, double dropout = 0.5) : base(nameof(AlexNet))
    {
        ModelArguments.Positive(numClasses, nameof(numClasses));
        features = Sequential(
            ("0", Conv2d(3, 64, kernel_size: 11, stride: 4, padding: 2)), ("1", ReLU(inplace: true)), ("2", MaxPool2d(kernel_size: 3, stride: 2)),
            ("3", Conv2d(64, 192, kernel_size: 5, padding: 2)), ("4", ReLU(inplace: true)), ("5", MaxPool2d(kernel_size: 3, stride: 2)),
            ("6", Conv2d(192, 384, kernel_size: 3, padding: 1)), ("7", ReLU(inplace: true)),
            ("8", Conv2d(384, 256, kernel_size: 3, padding: 1)), ("9", ReLU(inplace: true)),
            ("10", Conv2d(256, 256, kernel_size: 3, padding: 1)), ("11", ReLU(inplace: true)), ("12", MaxPool2d(kernel_size: 3, stride: 2)));
        avgpool = AdaptiveAvgPool2d(6);
        classifier = Sequential(
            ("0", Dropout(dropout)), ("1", Linear(256 * 6 * 6, 4096)), ("2", ReLU(inplace: true)),
            ("3", Dropout(dropout)), ("4", Linear(4096, 4096)), ("5", ReLU(inplace: true)),
            ("6", Linear(4096, numClasses)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public string? ClassifierName => "classifier.6";

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return classifier.call(avgpool.call(features.call(x)).flatten(1)).MoveToOuterDisposeScope();
    }
}
