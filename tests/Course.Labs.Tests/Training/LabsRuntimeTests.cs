using Course.Labs.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

[Collection(GlobalStateCollection.Name)]
public sealed class LabsRuntimeTests
{
    [Fact]
    public void Loading_the_library_tunes_malloc_on_linux_and_picks_the_device()
    {
        LabsRuntime.Initialize();
        Assert.Equal(OperatingSystem.IsLinux(), LabsRuntime.MallocTuned);
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, LabsRuntime.Device.type);
        Assert.True(get_num_threads() >= 1);
    }

    [Fact]
    public void Seeding_repeats_torch_draws()
    {
        Reproducibility.Seed(5);
        var a = randn(4).data<float>().ToArray();
        Reproducibility.Seed(5);
        Assert.Equal(a, randn(4).data<float>().ToArray());
        Reproducibility.Seed(6);
        Assert.NotEqual(a, randn(4).data<float>().ToArray());
    }
}
