namespace Course.Labs.Models.Layers;

/// <summary>BatchNorm over (N, C, H, W), as <c>nn.BatchNorm2d</c>; see <see cref="BatchNormLayer"/> for why the library has its own.</summary>
public sealed class BatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNormLayer(features, eps, momentum, affine, trackRunningStats, nameof(BatchNorm2d))
{
    protected override void ValidateInputDimensions(TorchSharp.torch.Tensor input)
    {
        if (input.ndim != 4) throw new ArgumentException($"BatchNorm2d expects a 4-D input (N, C, H, W), got {input.ndim}-D [{string.Join(", ", input.shape)}].");
    }
}
