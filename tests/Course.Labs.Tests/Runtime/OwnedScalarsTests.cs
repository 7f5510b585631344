using Course.Labs.Tests.Training;
using Course.Labs.Optim;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Course.Labs.Tests.Runtime;

/// <summary>
/// Training steps with the library's BatchNorm and optimizers leave nothing to the finalizer, while the same steps with
/// TorchSharp's leave their finalizable native scalars (see OwnedScalars). Counted as the objects a full collection
/// after 200 steps finds ready for finalization (glibc's heap figures moved with unrelated frees on a loaded machine);
/// runs alone (other tests would allocate meanwhile).
/// </summary>
[Collection(GlobalStateCollection.Name)]
public class OwnedScalarsTests
{
    private static long FinalizablesLeftBy200Steps(bool library)
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
        GC.WaitForPendingFinalizers();
        for (int i = 0; i < 200; i++) Step();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        long pending = GC.GetGCMemoryInfo(GCKind.FullBlocking).FinalizationPendingCount;
        GC.WaitForPendingFinalizers();
        return pending;
    }

    [Fact]
    public void Library_batchnorm_and_optimizer_steps_leave_no_native_scalars_while_torchsharps_do()
    {
        long torchsharp = FinalizablesLeftBy200Steps(library: false);
        long library = FinalizablesLeftBy200Steps(library: true);
        // TorchSharp: one scalar per BatchNorm call and four per parameter per SGD step (6 parameters), 25 a step:
        // about 5,000 over 200 steps. The library's steps leave none of them; the rest of a step (convolution, loss,
        // backward) leaves its own handful, the same on both sides.
        Assert.True(torchsharp - library >= 4_000,
            $"200 steps left {library} finalizable objects with the library's BatchNorm2d and Sgd, {torchsharp} with TorchSharp's: the library's should leave about 5,000 fewer");
    }
}
