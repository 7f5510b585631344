using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// VGG as torchvision builds it: <c>features</c> (3x3 convolutions, optional BatchNorm, ReLU, max-pools),
/// <c>avgpool</c> (adaptive, 7x7) and <c>classifier</c> (4096-4096 with dropout). For 28-64 px inputs pass
/// <c>smallInput: true</c>: the pool goes to 1x1 and the classifier to 512-512, which saves about 120 M parameters.
/// <c>width</c> scales every layer's channels (0.25: a quarter as many, about 1/16 of the compute) for CPU-sized runs;
/// the default 1 keeps torchvision's widths and parameter counts.
/// Initialisation is torchvision's: Kaiming-normal convolutions and classifier weights from N(0, 0.01), an std sized
/// for fan-ins of 25,088 and 4,096. A reduced head (<c>smallInput</c>, <c>width</c>) keeps the same per-layer gain
/// std·sqrt(fan_in) instead, so a narrow VGG starts like the full one: with a flat 0.01 its 128-wide head shrinks the
/// signal about tenfold per layer and even VGG-BN stays at chance (measured with PyTorch 1.13 as well).
/// </summary>
public sealed class Vgg : Module<Tensor, Tensor>, IHasClassifier
{
    /// <summary>torchvision's configurations A (VGG-11), B (13), D (16), E (19); 0 marks a max-pool.</summary>
    private static readonly Dictionary<int, int[]> Configurations = new()
    {
        [11] = [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        [13] = [64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        [16] = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0],
        [19] = [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0],
    };

    private readonly Sequential features;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Sequential classifier;

    /// <param name="depth">11, 13, 16 or 19 weight layers.</param>
    /// <param name="batchNorm">BatchNorm after each convolution (vggNN_bn).</param>
    /// <param name="numClasses">Outputs of the classifier.</param>
    /// <param name="inChannels">Input channels (1 for MNIST, 3 for RGB).</param>
    /// <param name="smallInput">1x1 pooling and a 512-512 classifier for small images.</param>
    /// <param name="dropout">Dropout probability in the classifier.</param>
    /// <param name="width">Multiplier of the channels of every convolution and hidden classifier layer (1: torchvision's).</param>
    public Vgg(int depth, bool batchNorm, long numClasses = 1000, long inChannels = 3, bool smallInput = false, double dropout = 0.5, double width = 1.0)
        : base($"VGG{depth}{(batchNorm ? "_bn" : "")}")
    {
        if (!Configurations.TryGetValue(depth, out var configuration))
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "depth must be 11, 13, 16 or 19.");
        ModelArguments.Positive(numClasses, nameof(numClasses));
        ModelArguments.Positive(inChannels, nameof(inChannels));
        if (!(width > 0)) throw new ArgumentOutOfRangeException(nameof(width), width, "width must be positive.");
        long Scaled(long channels) => Math.Max(1, (long)Math.Round(channels * width));

        var layers = new List<(string, Module<Tensor, Tensor>)>();
        long channels = inChannels;
        void Add(Module<Tensor, Tensor> layer) => layers.Add((layers.Count.ToString(), layer));
        foreach (var standard in configuration)
        {
            if (standard == 0) { Add(MaxPool2d(kernel_size: 2, stride: 2)); continue; }
            long outChannels = Scaled(standard);
            Add(Conv2d(channels, outChannels, kernel_size: 3, padding: 1));
            if (batchNorm) Add(new BatchNorm2d(outChannels));
            Add(ReLU(inplace: true));
            channels = outChannels;
        }
        features = Sequential(layers);

        long pool = smallInput ? 1 : 7, hidden = Scaled(smallInput ? 512 : 4096);
        avgpool = AdaptiveAvgPool2d(pool);
        classifier = Sequential(
            ("0", Linear(channels * pool * pool, hidden)), ("1", ReLU(inplace: true)), ("2", Dropout(dropout)),
            ("3", Linear(hidden, hidden)), ("4", ReLU(inplace: true)), ("5", Dropout(dropout)),
            ("6", Linear(hidden, numClasses)));
        RegisterComponents();
        TorchvisionInit.Apply(this);
        InitializeClassifier();
    }

    /// <summary>torchvision's N(0, 0.01) at the standard fan-ins, the same gain std·sqrt(fan_in) at other fan-ins.</summary>
    private void InitializeClassifier()
    {
        long[] torchvisionFanIns = [512 * 7 * 7, 4096, 4096];
        var linears = classifier.children().OfType<Linear>().ToArray();
        using var noGrad = no_grad();
        for (int i = 0; i < linears.Length; i++)
        {
            double std = 0.01 * Math.Sqrt((double)torchvisionFanIns[i] / linears[i].weight.shape[1]);
            init.normal_(linears[i].weight, 0, std);
            init.zeros_(linears[i].bias!);
        }
    }

    public static Vgg Vgg11(bool batchNorm = false, long numClasses = 1000, long inChannels = 3, bool smallInput = false) => new(11, batchNorm, numClasses, inChannels, smallInput);
    public static Vgg Vgg13(bool batchNorm = false, long numClasses = 1000, long inChannels = 3, bool smallInput = false) => new(13, batchNorm, numClasses, inChannels, smallInput);
    public static Vgg Vgg16(bool batchNorm = false, long numClasses = 1000, long inChannels = 3, bool smallInput = false) => new(16, batchNorm, numClasses, inChannels, smallInput);
    /// <summary>VGG-19; with BatchNorm 143,678,248 parameters in torchvision's configuration.</summary>
    public static Vgg Vgg19(bool batchNorm = false, long numClasses = 1000, long inChannels = 3, bool smallInput = false) => new(19, batchNorm, numClasses, inChannels, smallInput);

    /// <inheritdoc />
    public string? ClassifierName => "classifier.6";

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return classifier.call(avgpool.call(features.call(x)).flatten(1)).MoveToOuterDisposeScope();
    }
}
