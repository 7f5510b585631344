using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

public sealed class EpochEndCallbackTests
{
    [Fact]
    public void Runs_once_per_epoch_after_validation()
    {
        var seen = new List<(int Epoch, double? ValidationLoss)>();
        var model = SyntheticData.Model(1);
        var callback = new Course.Labs.Training.EpochEndCallback(m => seen.Add((m.Epoch, m.ValidationLoss)));
        var trainer = new Course.Labs.Training.Trainer(model, new Course.Labs.Training.TrainerOptions { Device = CPU, Progress = [callback] });
        var history = trainer.Fit(SyntheticData.Source(64, 1), SyntheticData.Source(32, 2, shuffle: false), epochs: 3);
        Assert.Equal([0, 1, 2], seen.Select(s => s.Epoch));
        Assert.Equal(history.Epochs.Select(e => e.ValidationLoss), seen.Select(s => s.ValidationLoss));
        Assert.Throws<ArgumentNullException>(() => new Course.Labs.Training.EpochEndCallback(null!));
    }
}
