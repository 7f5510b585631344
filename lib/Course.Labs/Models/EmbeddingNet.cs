using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// The seeds' small embedding network for 28x28 images (siamese and triplet labs): Conv5x5(32)-ReLU-MaxPool-BN,
/// Conv5x5(64)-ReLU-MaxPool, then BN-Linear(256)-ReLU-BN-Linear(embeddingSize).
/// </summary>
public sealed class EmbeddingNet : Module<Tensor, Tensor>
{
    private readonly Sequential convnet, fc;

    public EmbeddingNet(long embeddingSize = 128, long inChannels = 1) : base(nameof(EmbeddingNet))
    {
        ModelArguments.Positive(embeddingSize, nameof(embeddingSize));
        ModelArguments.Positive(inChannels, nameof(inChannels));
        convnet = Sequential(
            ("0", Conv2d(inChannels, 32, kernel_size: 5)), ("1", ReLU()), ("2", MaxPool2d(kernel_size: 2, stride: 2)),
            ("3", new BatchNorm2d(32)),
            ("4", Conv2d(32, 64, kernel_size: 5)), ("5", ReLU()), ("6", MaxPool2d(kernel_size: 2, stride: 2)));
        fc = Sequential(
            ("0", new BatchNorm1d(64 * 4 * 4)), ("1", Linear(64 * 4 * 4, 256)), ("2", ReLU()),
            ("3", new BatchNorm1d(256)), ("4", Linear(256, embeddingSize)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var features = convnet.call(x);
        using var flat = features.flatten(1);
        return fc.call(flat);
    }
}
