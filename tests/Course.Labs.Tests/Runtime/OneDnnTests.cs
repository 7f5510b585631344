using Course.Labs.Models;
using Course.Labs.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Runtime;

/// <summary>oneDNN is process-wide state: these tests run alone.</summary>
[CollectionDefinition(nameof(ProcessWideTorchState), DisableParallelization = true)]
public sealed class ProcessWideTorchState;

[Collection(nameof(ProcessWideTorchState))]
public sealed class OneDnnTests
{
    private static List<float> SeedDenseNetLosses(int steps)
    {
        manual_seed(0);
        var model = DenseNet.Seed(numClasses: 10, inChannels: 1);
        var optimizer = optim.SGD(model.parameters(), 0.05, momentum: 0.9);
        var x = randn(32, 1, 28, 28);
        var y = randint(0, 10, [32]);
        var losses = new List<float>();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        return losses;
    }

    [Fact]
    public void Switching_oneDNN_off_and_on_is_seen_by_libtorch()
    {
        Assert.True(OneDnn.TrySetEnabled(false));
        try { Assert.False(OneDnn.Enabled); }
        finally { Assert.True(OneDnn.TrySetEnabled(true)); }
        Assert.True(OneDnn.Enabled);
    }

    [Fact]
    public void With_oneDNN_off_the_seed_DenseNet_trains_to_finite_falling_losses()
    {
        Assert.True(OneDnn.TrySetEnabled(false));
        try
        {
            var losses = SeedDenseNetLosses(12);
            Assert.All(losses, l => Assert.True(float.IsFinite(l), $"losses: {string.Join(", ", losses)}"));
            Assert.True(losses[^1] < losses[0] * 0.5f, $"losses: {string.Join(", ", losses)}");
        }
        finally { OneDnn.TrySetEnabled(true); }
    }
}
