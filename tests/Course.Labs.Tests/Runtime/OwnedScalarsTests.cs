using System.Runtime.InteropServices;
using Course.Labs.Tests.Training;
using Course.Labs.Optim;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Tests.Runtime;

/// <summary>
/// Training steps with the library's BatchNorm and optimizers leave no native memory behind until a garbage
/// collection, while the same steps with TorchSharp's leave their finalizable scalars (see OwnedScalars). Measured as
/// glibc's in-use bytes across 200 steps with the collector held off; runs alone (other tests would allocate meanwhile).
/// </summary>
[Collection(GlobalStateCollection.Name)]
public class OwnedScalarsTests
{
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, OrdBlks, SmBlks, HBlks, HBlkHd, USmBlks, FSmBlks, UOrdBlks, FOrdBlks, KeepCost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 MallInfo();

    private static long InUseBytes() => (long)MallInfo().UOrdBlks;

    private static long NativeGrowthOver200Steps(bool library)
    {
        manual_seed(0);
        var model = Sequential(Conv2d(3, 8, 3), library ? new Course.Labs.Models.Layers.BatchNorm2d(8) : BatchNorm2d(8), ReLU(), Flatten(), Linear(8 * 6 * 6, 4));
        var parameters = model.parameters().ToList();
        using var optimizer = library
            ? (TorchSharp.Modules.OptimizerHelper)new Sgd(parameters, 0.01, momentum: 0.9, weightDecay: 1e-4)
            : optim.SGD(parameters, 0.01, momentum: 0.9, weight_decay: 1e-4);
        var x = randn(4, 3, 8, 8);
        var y = randint(0, 4, [4]);
        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            functional.cross_entropy(model.call(x), y).backward();
            optimizer.step();
        }
        for (int i = 0; i < 5; i++) Step();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.True(GC.TryStartNoGCRegion(16 << 20), "could not hold the garbage collector off");
        long before = InUseBytes();
        for (int i = 0; i < 200; i++) Step();
        long growth = InUseBytes() - before;
        GC.EndNoGCRegion();
        return growth;
    }

    [Fact]
    public void Library_batchnorm_and_optimizer_steps_leave_no_native_scalars_while_torchsharps_do()
    {
        long torchsharp = NativeGrowthOver200Steps(library: false);
        long library = NativeGrowthOver200Steps(library: true);
        // TorchSharp: one scalar per BatchNorm call and four per parameter per SGD step (6 parameters), 25 a step, each
        // a 32-byte native object in a 48-byte chunk: about 240 KB over 200 steps. The rest of a step (zero_grad,
        // convolution) leaves some tens of bytes a step itself, the same on both sides.
        Assert.True(torchsharp - library > 150_000,
            $"200 steps with the library's BatchNorm2d and Sgd left {library} bytes in glibc's heap, TorchSharp's {torchsharp}: the library's should leave about 240 KB less");
    }
}
