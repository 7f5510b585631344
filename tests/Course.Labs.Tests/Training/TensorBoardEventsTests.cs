using System.Text;
using Course.Labs.Training;
using static TorchSharp.torch;

namespace Course.Labs.Tests.Training;

[Collection(GlobalStateCollection.Name)]
public sealed class TensorBoardEventsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("labs-tensorboard-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string TrainTwoEpochs(string name)
    {
        string logs = Path.Combine(folder, name);
        var options = new TrainerOptions { LearningRate = 0.05, Momentum = 0.9, WeightDecay = 1e-3, Device = CPU, Seed = 3, TensorBoardDirectory = logs };
        // 100 samples in batches of 32: three full batches and one of 4, so the batch size is the largest batch, not the last.
        var history = new Trainer(SyntheticData.Model(1), options).Fit(SyntheticData.Source(100, 1, batchSize: 32), SyntheticData.Source(40, 2), epochs: 2);
        Assert.All(history.Epochs, e => Assert.Equal(32, e.BatchSize));
        return logs;
    }

    [Fact]
    public void The_trainers_summaries_read_back_with_learning_rate_batch_size_and_settings()
    {
        string logs = TrainTwoEpochs("run");

        var events = TensorBoardEvents.Read(logs);

        Assert.Single(events.Files);
        Assert.Equal(["Loss/train", "Accuracy/train", "Loss/validation", "Accuracy/validation", "LearningRate", "BatchSize"], events.Tags);
        Assert.Equal([(1L, 32.0), (2L, 32.0)], events.Series("BatchSize").Select(s => (s.Step, s.Value)));
        Assert.Equal([0.05f, 0.05f], events.Series("LearningRate").Select(s => (float)s.Value));
        var settings = events.Texts[TensorBoardLog.SettingsTag];
        Assert.Contains("| learning rate | 0.05 |", settings);
        Assert.Contains("| batch size | 32 |", settings);
        Assert.Contains("| weight decay | 0.001 |", settings);
        Assert.Contains("| momentum | 0.9 |", settings);
        string html = events.ToHtml();
        Assert.Contains("<td>BatchSize</td><td>2</td><td>1–2</td>", html);
        Assert.Empty(events.Series("no such tag"));
    }

    [Fact]
    public void Losses_read_back_equal_the_history()
    {
        string logs = Path.Combine(folder, "losses");
        var history = new Trainer(SyntheticData.Model(2), new TrainerOptions { Device = CPU, Seed = 1, TensorBoardDirectory = logs })
            .Fit(SyntheticData.Source(64, 3), epochs: 3);

        var losses = TensorBoardEvents.Read(logs).Series("Loss/train");

        Assert.Equal(history.Epochs.Select(e => (float)e.TrainLoss), losses.Select(s => (float)s.Value));
        Assert.Equal([1L, 2L, 3L], losses.Select(s => s.Step));
    }

    [Fact]
    public void A_record_cut_short_is_left_out_and_a_damaged_one_is_reported_with_its_file()
    {
        string logs = TrainTwoEpochs("damaged");
        string file = TensorBoardEvents.Read(logs).Files.Single();
        int records = TensorBoardEvents.Records(file).Count();
        byte[] bytes = File.ReadAllBytes(file);

        File.WriteAllBytes(file, bytes[..^3]);   // a writer stopped in the middle of its last record
        Assert.Equal(records - 1, TensorBoardEvents.Records(file).Count());

        bytes[^5] ^= 0x40;                        // a flipped bit in the last record's data
        File.WriteAllBytes(file, bytes);
        var error = Assert.Throws<InvalidDataException>(() => TensorBoardEvents.Read(logs));
        Assert.Contains(file, error.Message);
        Assert.Contains("CRC", error.Message);

        var missing = Assert.Throws<DirectoryNotFoundException>(() => TensorBoardEvents.Read(Path.Combine(folder, "never-trained")));
        Assert.Contains("TensorBoardDirectory", missing.Message);
    }

    [Fact]
    public void The_checksum_is_crc32c_as_tfrecord_masks_it()
    {
        Assert.Equal(0xE3069283u, TensorBoardEvents.Crc32C(Encoding.ASCII.GetBytes("123456789")));   // the CRC-32C check value
        Assert.Equal(0x8A9136AAu, TensorBoardEvents.Crc32C(new byte[32]));                             // RFC 3720, B.4: 32 bytes of zeros
        uint crc = TensorBoardEvents.Crc32C(Encoding.ASCII.GetBytes("123456789"));
        Assert.Equal(unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u), TensorBoardEvents.MaskedCrc32C(Encoding.ASCII.GetBytes("123456789")));
    }
}
