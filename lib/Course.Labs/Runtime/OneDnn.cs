namespace Course.Labs.Runtime;

/// <summary>
/// Switches libtorch's oneDNN (MKLDNN) CPU kernels on or off, as PyTorch's <c>torch.backends.mkldnn.enabled</c> does
/// (TorchSharp has no binding, so this calls <c>at::globalContext().setUserEnabledMkldnn</c> in libtorch_cpu).
/// </summary>
/// <remarks>
/// Measured on the course machines (libtorch 2.10 CPU, AVX-512): oneDNN's backward-data kernel for k x k
/// convolutions with an output channel count that is not a multiple of 16 returns wrong input gradients (the seed
/// DenseNet, growth rate 12, went NaN after one SGD step). The library's models avoid it with
/// <see cref="OneDnnConvolution"/>; switching oneDNN off also avoids it, but ATen's own kernels are about 6x slower
/// for ResNet-18, so keep it on.
/// </remarks>
public static class OneDnn
{
    /// <summary>Turns oneDNN on or off for the whole process; false when this libtorch build does not allow it.</summary>
    public static bool TrySetEnabled(bool enabled) => AtenContext.TrySet("_ZN2at7Context20setUserEnabledMkldnnEb", enabled);

    /// <summary>Whether oneDNN is on; null when it cannot be read.</summary>
    public static bool? Enabled => AtenContext.TryGet("_ZNK2at7Context17userEnabledMkldnnEv");
}
