using TorchSharp;

namespace Course.Labs.Data.Transforms;

/// <summary>
/// An image transform on a tensor [C,H,W] (float, 0..1 before <see cref="Normalize"/>), torchvision style.
/// Random transforms draw only from the <see cref="Random"/> they are given, so a seeded generator makes them
/// reproducible. A transform never disposes its input; it returns a new tensor, or the input itself when it
/// leaves the image unchanged.
/// </summary>
public interface ITransform
{
    torch.Tensor Apply(torch.Tensor image, Random random);
}
