using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Course.Labs.Runtime;

/// <summary>
/// PyTorch's <c>torch.set_flush_denormal</c>: treat denormal floats (below about 1.2e-38) as zero (FTZ + DAZ), as
/// TorchSharp has no binding (this calls the static <c>at::Context::setFlushDenormal</c> in libtorch_cpu).
/// </summary>
/// <remarks>
/// x86 CPUs compute with denormals tens of times more slowly, and a network whose signals die out (a plain VGG19 that
/// does not train) can fill its activations and gradients with them (suspected cause of a VGG19 epoch going from 6 s to
/// 185 s here; flushing on the calling thread did not remove that slowdown, so the cause is not confirmed).
/// The flag is per thread and threads inherit it when they are created, so call this before the first parallel
/// operation (right after <see cref="LabsRuntime.Initialize"/>) for it to reach libtorch's worker threads.
/// </remarks>
public static class Denormals
{
    private const string SetFlushDenormal = "_ZN2at7Context16setFlushDenormalEb";

    /// <summary>Turns flushing on or off for the calling thread (and threads it creates later); false where the CPU or build cannot.</summary>
    public static unsafe bool TryFlushToZero(bool enabled = true)
    {
        if (!AtenContext.TryExport(SetFlushDenormal, out var set)) return false;
        return ((delegate* unmanaged<byte, byte>)set)(enabled ? (byte)1 : (byte)0) != 0;
    }
}
