using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Course.Labs.Runtime;

/// <summary>
/// Boolean switches of libtorch's <c>at::globalContext()</c> that PyTorch exposes as <c>torch.backends.*</c> and
/// TorchSharp does not: called through their exported (Itanium-mangled) names in libtorch_cpu.
/// </summary>
internal static class AtenContext
{
    private const string GlobalContext = "_ZN2at13globalContextEv";
    private static (IntPtr Library, IntPtr Context)? found;

    /// <summary>Calls <c>void at::Context::SETTER(bool)</c>; false when this libtorch build lacks it.</summary>
    public static unsafe bool TrySet(string mangledSetter, bool value)
    {
        if (!TryContext(out var library, out var context) || !NativeLibrary.TryGetExport(library, mangledSetter, out var set)) return false;
        ((delegate* unmanaged<IntPtr, byte, void>)set)(context, value ? (byte)1 : (byte)0);
        return true;
    }

    /// <summary>Calls <c>bool at::Context::GETTER() const</c>; null when this libtorch build lacks it.</summary>
    public static unsafe bool? TryGet(string mangledGetter)
    {
        if (!TryContext(out var library, out var context) || !NativeLibrary.TryGetExport(library, mangledGetter, out var get)) return null;
        return ((delegate* unmanaged<IntPtr, byte>)get)(context) != 0;
    }

    /// <summary>An exported function of libtorch_cpu (static members too); false when this build lacks it.</summary>
    public static bool TryExport(string mangledName, out IntPtr function)
    {
        function = IntPtr.Zero;
        return TryContext(out var library, out _) && NativeLibrary.TryGetExport(library, mangledName, out function);
    }

    /// <summary>libtorch_cpu and its global context, looked up once (later calls are cheap: some switches are read per convolution).</summary>
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
