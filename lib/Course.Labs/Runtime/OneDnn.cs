using System.Runtime.InteropServices;
using static TorchSharp.torch;

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
    private const string GlobalContext = "_ZN2at13globalContextEv";
    private const string SetEnabled = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private const string GetEnabled = "_ZNK2at7Context17userEnabledMkldnnEv";

    /// <summary>Turns oneDNN on or off for the whole process; false when this libtorch build does not allow it.</summary>
    public static unsafe bool TrySetEnabled(bool enabled)
    {
        if (!TryContext(out var library, out var context)) return false;
        if (!NativeLibrary.TryGetExport(library, SetEnabled, out var set)) return false;
        ((delegate* unmanaged<IntPtr, byte, void>)set)(context, enabled ? (byte)1 : (byte)0);
        return true;
    }

    /// <summary>Whether oneDNN is on; null when it cannot be read.</summary>
    public static unsafe bool? Enabled
    {
        get
        {
            if (!TryContext(out var library, out var context) || !NativeLibrary.TryGetExport(library, GetEnabled, out var get)) return null;
            return ((delegate* unmanaged<IntPtr, byte>)get)(context) != 0;
        }
    }

    private static (IntPtr Library, IntPtr Context)? found;

    /// <summary>libtorch_cpu and its global context, looked up once (later calls are free: the switch is read per convolution).</summary>
    private static unsafe bool TryContext(out IntPtr library, out IntPtr context)
    {
        if (found is { } known) { (library, context) = known; return true; }
        context = IntPtr.Zero;
        using (zeros(1)) { }   // makes TorchSharp load libtorch, so the name below finds the loaded copy
        foreach (var name in new[] { "libtorch_cpu.so", "libtorch_cpu.dylib" })
        {
            if (!NativeLibrary.TryLoad(name, out library)) continue;
            if (!NativeLibrary.TryGetExport(library, GlobalContext, out var global)) return false;
            context = ((delegate* unmanaged<IntPtr>)global)();
            if (context == IntPtr.Zero) return false;
            found = (library, context);
            return true;
        }
        library = IntPtr.Zero;
        return false;
    }
}
