using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// SqueezeNet 1.0 (Iandola et al. 2016) and 1.1 (2.4x less computation, same accuracy) as torchvision builds them:
/// <c>features</c> (a stem convolution, <see cref="Fire"/> modules and ceil-mode max-pools) and <c>classifier</c>
/// (dropout, a 1x1 convolution to the classes, ReLU, global average pooling). No linear layer: the classifier is the
/// convolution <c>classifier.1</c>, which the original lab replaces with <c>nn.Conv2d(512, num_class, 1)</c>.
/// torchvision's names, shapes and initialisation (Kaiming-uniform, the last convolution N(0, 0.01), zero biases).
/// </summary>
public sealed class SqueezeNet : Module<Tensor, Tensor>, IHasClassifier
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    /// <param name="version">"1_0" or "1_1", torchvision's names.</param>
    /// <param name="numClasses">Outputs (1000 for ImageNet).</param>
    /// <param name="dropout">Dropout probability before the classifier.</param>
    public SqueezeNet(string version = "1_1", long numClasses = 1000, double dropout = 0.5) : base($"SqueezeNet{version}")
    {
        ModelArguments.Positive(numClasses, nameof(numClasses));
        var layers = new List<Module<Tensor, Tensor>>();
        MaxPool2d Pool() => MaxPool2d(kernel_size: 3, stride: 2, ceil_mode: true);
        switch (version)
        {
            case "1_0":
                layers.AddRange([Conv2d(3, 96, kernel_size: 7, stride: 2), ReLU(inplace: true), Pool(),
                    new Fire(96, 16, 64, 64), new Fire(128, 16, 64, 64), new Fire(128, 32, 128, 128), Pool(),
                    new Fire(256, 32, 128, 128), new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256), Pool(),
                    new Fire(512, 64, 256, 256)]);
                break;
            case "1_1":
                layers.AddRange([Conv2d(3, 64, kernel_size: 3, stride: 2), ReLU(inplace: true), Pool(),
                    new Fire(64, 16, 64, 64), new Fire(128, 16, 64, 64), Pool(),
                    new Fire(128, 32, 128, 128), new Fire(256, 32, 128, 128), Pool(),
                    new Fire(256, 48, 192, 192), new Fire(384, 48, 192, 192), new Fire(384, 64, 256, 256), new Fire(512, 64, 256, 256)]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(version), version, "version must be \"1_0\" or \"1_1\" (torchvision's squeezenet1_0, squeezenet1_1).");
        }
        features = Sequential(layers.Select((layer, i) => (i.ToString(), layer)).ToList());
        var finalConv = Conv2d(512, numClasses, kernel_size: 1);
        classifier = Sequential(("0", Dropout(dropout)), ("1", finalConv), ("2", ReLU(inplace: true)), ("3", AdaptiveAvgPool2d(1)));
        RegisterComponents();

        using var noGrad = no_grad();
        foreach (var conv in modules().OfType<Conv2d>())
        {
            if (ReferenceEquals(conv, finalConv)) init.normal_(conv.weight, 0, 0.01);
            else init.kaiming_uniform_(conv.weight);
            init.zeros_(conv.bias!);
        }
    }

    /// <summary>torchvision's <c>squeezenet1_0</c>, the original lab's network.</summary>
    public static SqueezeNet SqueezeNet1_0(long numClasses = 1000) => new("1_0", numClasses);

    /// <summary>torchvision's <c>squeezenet1_1</c>.</summary>
    public static SqueezeNet SqueezeNet1_1(long numClasses = 1000) => new("1_1", numClasses);

    /// <inheritdoc />
    public string? ClassifierName => "classifier.1";

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return classifier.call(features.call(x)).flatten(1).MoveToOuterDisposeScope();
    }
}
