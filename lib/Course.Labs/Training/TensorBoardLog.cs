using System.Globalization;
using static TorchSharp.torch;

namespace Course.Labs.Training;

/// <summary>
/// Writes each epoch's metrics as TensorBoard scalars (TorchSharp's SummaryWriter, tags as the original labs use),
/// the batch size and learning rate among them, and the run's settings once as a text summary, so that runs can be
/// told apart later.
/// </summary>
internal sealed class TensorBoardLog : IDisposable
{
    /// <summary>The tag of the text summary that lists the run's settings.</summary>
    public const string SettingsTag = "Hyperparameters";

    private readonly TorchSharp.Modules.SummaryWriter writer;
    private readonly TrainerOptions options;
    private bool settingsWritten;

    public TensorBoardLog(string directory, TrainerOptions options)
    {
        Directory.CreateDirectory(directory);
        writer = utils.tensorboard.SummaryWriter(directory);
        this.options = options;
    }

    public void Write(EpochMetrics m)
    {
        int step = m.Epoch + 1;
        if (!settingsWritten)
        {
            writer.add_text(SettingsTag, Settings(m.BatchSize), step);
            settingsWritten = true;
        }
        writer.add_scalar("Loss/train", (float)m.TrainLoss, step);
        if (m.TrainAccuracy is double trainAccuracy) writer.add_scalar("Accuracy/train", (float)trainAccuracy, step);
        if (m.ValidationLoss is double validationLoss) writer.add_scalar("Loss/validation", (float)validationLoss, step);
        if (m.ValidationAccuracy is double validationAccuracy) writer.add_scalar("Accuracy/validation", (float)validationAccuracy, step);
        writer.add_scalar("LearningRate", (float)m.LearningRate, step);
        if (m.BatchSize is int batchSize) writer.add_scalar("BatchSize", batchSize, step);
    }

    /// <summary>The run's settings as a Markdown table (TensorBoard's text tab renders it).</summary>
    private string Settings(int? batchSize)
    {
        string Number(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        var rows = new List<(string, string)>
        {
            ("optimizer", options.Optimizer == Optim.OptimizerKind.Sgd ? "SGD" : options.Optimizer.ToString()),
            ("learning rate", Number(options.LearningRate)),
            ("batch size", batchSize?.ToString(CultureInfo.InvariantCulture) ?? "unknown"),
            ("weight decay", Number(options.WeightDecay)),
        };
        if (options.Optimizer == Optim.OptimizerKind.Sgd) rows.Add(("momentum", Number(options.Momentum) + (options.Nesterov ? " (Nesterov)" : "")));
        if (options.Seed is int seed) rows.Add(("random seed", seed.ToString(CultureInfo.InvariantCulture)));
        return "| setting | value |\n|---|---|\n" + string.Concat(rows.Select(r => $"| {r.Item1} | {r.Item2} |\n"));
    }

    public void Dispose() { }
}
