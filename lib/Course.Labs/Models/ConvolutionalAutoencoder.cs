using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// Convolutional autoencoder: <see cref="Encoder"/> is two stride-2 3x3 convolutions (16 and 32 channels) and a
/// linear map to the code; <see cref="Decoder"/> mirrors it with transposed convolutions to an image in [0, 1].
/// Image sides must be divisible by 4 (28 for MNIST).
/// </summary>
public sealed class ConvolutionalAutoencoder : Module<Tensor, Tensor>
{
    private readonly Sequential encoder, decoder;

    /// <summary>Image to code, [N, C, H, W] to [N, codeSize].</summary>
    public Sequential Encoder => encoder;

    /// <summary>Code to image, [N, codeSize] to [N, C, H, W].</summary>
    public Sequential Decoder => decoder;

    public ConvolutionalAutoencoder(long codeSize = 32, long inChannels = 1, long imageSize = 28) : base(nameof(ConvolutionalAutoencoder))
    {
        ModelArguments.Positive(codeSize, nameof(codeSize));
        ModelArguments.Positive(inChannels, nameof(inChannels));
        if (imageSize <= 0 || imageSize % 4 != 0)
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "imageSize must be a positive multiple of 4 (two stride-2 convolutions); resize or pad the images.");
        long side = imageSize / 4;
        encoder = Sequential(
            ("conv1", Conv2d(inChannels, 16, kernel_size: 3, stride: 2, padding: 1)), ("relu1", ReLU()),
            ("conv2", Conv2d(16, 32, kernel_size: 3, stride: 2, padding: 1)), ("relu2", ReLU()),
            ("flatten", Flatten()),
            ("fc", Linear(32 * side * side, codeSize)));
        decoder = Sequential(
            ("fc", Linear(codeSize, 32 * side * side)), ("relu0", ReLU()),
            ("unflatten", Unflatten(1, [32, side, side])),
            ("deconv1", ConvTranspose2d(32, 16, kernel_size: 3, stride: 2, padding: 1, output_padding: 1)), ("relu1", ReLU()),
            ("deconv2", ConvTranspose2d(16, inChannels, kernel_size: 3, stride: 2, padding: 1, output_padding: 1)),
            ("sigmoid", Sigmoid()));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var code = encoder.call(x);
        return decoder.call(code);
    }
}
