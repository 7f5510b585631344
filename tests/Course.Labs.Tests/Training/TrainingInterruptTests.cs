using Course.Labs.Training;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

/// <summary>Runs alone: an interrupt request reaches every fit running in the process.</summary>
[Collection(GlobalStateCollection.Name)]
public sealed class TrainingInterruptTests
{
    private static TrainerOptions Sgd() => new() { LearningRate = 0.1, Device = CPU };

    [Fact]
    public void A_host_interrupt_stops_the_running_fit_only()
    {
        var stopper = new BatchCallback(s => { if (s.Batch == 2) TrainingInterrupt.Request(); });
        var history = new Trainer(SyntheticData.Model(1), Sgd() with { Progress = [stopper] }).Fit(SyntheticData.Source(256, 1), epochs: 3);
        Assert.Equal(StopReason.Cancelled, history.StopReason);
        Assert.Equal(3, stopper.Batches);
        var next = new Trainer(SyntheticData.Model(1), Sgd()).Fit(SyntheticData.Source(64, 1), epochs: 1);
        Assert.Equal(StopReason.Completed, next.StopReason);   // the request ended with the fit it stopped
    }

}
