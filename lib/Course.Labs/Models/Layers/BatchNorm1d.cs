namespace Course.Labs.Models.Layers;

/// <summary>BatchNorm over (N, C) or (N, C, L), as <c>nn.BatchNorm1d</c>; see <see cref="BatchNormLayer"/> for why the library has its own.</summary>
public sealed class BatchNorm1d(long features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool trackRunningStats = true)
    : BatchNormLayer(features, eps, momentum, affine, trackRunningStats, nameof(BatchNorm1d))
{
    protected override void ValidateInputDimensions(TorchSharp.torch.Tensor input)
    {
        if (input.ndim is not (2 or 3)) throw new ArgumentException($"BatchNorm1d expects a 2-D (N, C) or 3-D (N, C, L) input, got {input.ndim}-D [{string.Join(", ", input.shape)}].");
    }
}
