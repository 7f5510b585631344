using Course.Labs.Runtime;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Runtime;

public sealed class DenormalsTests
{
    [Fact]
    public void Flushing_turns_denormals_into_zeros_and_can_be_undone()
    {
        const float denormal = 1e-40f;
        try
        {
            if (!Denormals.TryFlushToZero(true)) return;   // not an x86 CPU with SSE3: nothing to check
            using (var x = tensor(new[] { denormal }) * 1f) Assert.Equal(0f, x.item<float>());
            Denormals.TryFlushToZero(false);
            using (var y = tensor(new[] { denormal }) * 1f) Assert.Equal(denormal, y.item<float>());
        }
        finally { Denormals.TryFlushToZero(false); }
    }
}
