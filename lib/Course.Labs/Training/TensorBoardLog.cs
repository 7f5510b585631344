using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>Writes each epoch's metrics as TensorBoard scalars (TorchSharp's SummaryWriter, tags as the seeds use).</summary>
internal sealed class TensorBoardLog : IDisposable
{
    private readonly TorchSharp.Modules.SummaryWriter writer;

    public TensorBoardLog(string directory)
    {
        Directory.CreateDirectory(directory);
        writer = utils.tensorboard.SummaryWriter(directory);
    }

    public void Write(EpochMetrics m)
    {
        int step = m.Epoch + 1;
        writer.add_scalar("Loss/train", (float)m.TrainLoss, step);
        if (m.TrainAccuracy is double trainAccuracy) writer.add_scalar("Accuracy/train", (float)trainAccuracy, step);
        if (m.ValidationLoss is double validationLoss) writer.add_scalar("Loss/validation", (float)validationLoss, step);
        if (m.ValidationAccuracy is double validationAccuracy) writer.add_scalar("Accuracy/validation", (float)validationAccuracy, step);
        writer.add_scalar("LearningRate", (float)m.LearningRate, step);
    }

    public void Dispose() { }
}
