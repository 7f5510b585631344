using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Models;

/// <summary>
/// Fully connected autoencoder: <see cref="Encoder"/> flattens the image and maps it through ReLU layers to a
/// code; <see cref="Decoder"/> mirrors it back to an image in [0, 1] (sigmoid) of the input's shape.
/// </summary>
public sealed class FullyConnectedAutoencoder : Module<Tensor, Tensor>
{
    private readonly Sequential encoder, decoder;

    /// <summary>Image to code, [N, C, H, W] to [N, codeSize]. Reuse it for fine-tuning a classifier.</summary>
    public Sequential Encoder => encoder;

    /// <summary>Code to image, [N, codeSize] to [N, C, H, W].</summary>
    public Sequential Decoder => decoder;

    /// <param name="imageShape">Shape of one image, e.g. [1, 28, 28].</param>
    /// <param name="hiddenSizes">Widths between image and code, outermost first (e.g. [256, 64]).</param>
    /// <param name="codeSize">Width of the code (e.g. 2 to plot it, 32 to reconstruct well).</param>
    public FullyConnectedAutoencoder(long[] imageShape, IReadOnlyList<long> hiddenSizes, long codeSize) : base(nameof(FullyConnectedAutoencoder))
    {
        if (imageShape is null || imageShape.Length == 0 || imageShape.Any(d => d <= 0))
            throw new ArgumentException("imageShape must list the positive sizes of one image, e.g. [1, 28, 28].", nameof(imageShape));
        ModelArguments.Positive(codeSize, nameof(codeSize));
        long pixels = imageShape.Aggregate(1L, (a, b) => a * b);
        var widths = new List<long> { pixels };
        widths.AddRange(hiddenSizes);
        widths.Add(codeSize);

        var encoderLayers = new List<(string, Module<Tensor, Tensor>)> { ("flatten", Flatten()) };
        for (int i = 0; i + 1 < widths.Count; i++)
        {
            encoderLayers.Add(($"fc{i + 1}", Linear(widths[i], widths[i + 1])));
            if (i + 2 < widths.Count) encoderLayers.Add(($"relu{i + 1}", ReLU()));
        }
        var decoderLayers = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = widths.Count - 1, n = 1; i > 0; i--, n++)
        {
            decoderLayers.Add(($"fc{n}", Linear(widths[i], widths[i - 1])));
            decoderLayers.Add(i > 1 ? ($"relu{n}", ReLU()) : ("sigmoid", Sigmoid()));
        }
        decoderLayers.Add(("unflatten", Unflatten(1, imageShape)));
        encoder = Sequential(encoderLayers);
        decoder = Sequential(decoderLayers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var code = encoder.call(x);
        return decoder.call(code);
    }
}
