using Course.Labs.Optim;
using Course.Labs.Training;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

[Collection(GlobalStateCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("labs-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // Dropout (torch RNG), momentum (optimizer state) and a per-step warm-up all have to survive the restart.
    private TrainerOptions Options(string? checkpoint = null) => new()
    {
        LearningRate = 0.05, Momentum = 0.9, Device = CPU, Seed = 7, CheckpointPath = checkpoint,
        Schedule = LearningRateSchedule.Cosine().WithWarmup(1),
    };

    [Theory]
    [InlineData(0.3, 0.9)]
    [InlineData(0.0, 0.9)]
    [InlineData(0.3, 0.0)]
    [InlineData(0.0, 0.0)]
    public void Two_epochs_straight_equal_one_epoch_then_resume_for_one(double dropout, double momentum)
    {
        var train = SyntheticData.Source(128, 1);
        var validation = SyntheticData.Source(64, 2);

        var straight = SyntheticData.Model(3, dropout);
        new Trainer(straight, Options() with { Momentum = momentum }).Fit(train, validation, epochs: 2);

        string path = Path.Combine(folder, "run", "last.ckpt");
        var first = SyntheticData.Model(3, dropout);
        // The first run is a 2-epoch run interrupted after its first epoch (the cosine schedule spans the 2 epochs).
        using (var cancel = new CancellationTokenSource())
        {
            var interrupt = new EpochEndCallback(_ => cancel.Cancel());
            var interrupted = new Trainer(first, Options(path) with { Momentum = momentum, Progress = [interrupt] }).Fit(train, validation, epochs: 2, cancel.Token);
            Assert.Equal(StopReason.Cancelled, interrupted.StopReason);
        }
        Assert.True(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));

        manual_seed(999);   // a different generator state and different initial weights: resume must restore both
        var resumed = SyntheticData.Model(4, dropout);
        var trainer = new Trainer(resumed, Options(path) with { Momentum = momentum });
        Assert.Equal(1, trainer.Resume());
        var history = trainer.Fit(train, validation, epochs: 2);

        Assert.Equal(SyntheticData.Weights(straight), SyntheticData.Weights(resumed));
        Assert.Equal([0, 1], history.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void A_file_that_is_not_a_checkpoint_is_refused_with_its_path()
    {
        string path = Path.Combine(folder, "notes.txt");
        File.WriteAllText(path, "hello");
        var trainer = new Trainer(SyntheticData.Model(1), Options());
        var e = Assert.Throws<InvalidDataException>(() => trainer.Resume(path));
        Assert.Contains(path, e.Message);
        Assert.Throws<FileNotFoundException>(() => trainer.Resume(Path.Combine(folder, "missing.ckpt")));
    }

    [Fact]
    public void TensorBoard_event_files_are_written()
    {
        string logs = Path.Combine(folder, "tb");
        var options = Options() with { TensorBoardDirectory = logs };
        new Trainer(SyntheticData.Model(1), options).Fit(SyntheticData.Source(64, 1), SyntheticData.Source(32, 2), epochs: 2);
        var events = Directory.GetFiles(logs, "events.out.tfevents*", SearchOption.AllDirectories);
        Assert.NotEmpty(events);
        Assert.True(new FileInfo(events[0]).Length > 100);
        Assert.Contains("Loss/validation", File.ReadAllText(events[0]));
    }
}
