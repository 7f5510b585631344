using TorchSharp;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Environment;

/// <summary>Proof that TorchSharp's native library loads and trains in this test process (the native fix works).</summary>
public sealed class TorchSharpTrainingStepTests
{
    [Fact]
    public void A_training_step_runs_and_lowers_the_loss()
    {
        manual_seed(7);
        using var scope = NewDisposeScope();
        var model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3));
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.1);
        var x = randn(64, 8);
        var y = x.narrow(1, 0, 3).argmax(1);   // a learnable target
        var lossFn = nn.CrossEntropyLoss();

        float first = 0, last = 0;
        for (int step = 0; step < 50; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = lossFn.call(model.call(x), y);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first * 0.7f, $"loss went from {first} to {last}");
    }
}
