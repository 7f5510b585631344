using System.Diagnostics;

namespace Course.Labs.Training;

/// <summary>
/// A one-line progress bar redrawn in place on a terminal (carriage return), and one line kept per finished epoch.
/// Redraws at most every <c>minInterval</c> so printing never slows training.
/// </summary>
public sealed class TerminalProgress : ITrainingProgress
{
    private readonly TextWriter output;
    private readonly TimeSpan minInterval;
    private readonly Stopwatch sinceDraw = new();
    private int totalEpochs;
    private int lastLineLength;

    public TerminalProgress(TextWriter? output = null, TimeSpan? minInterval = null, int barWidth = 24)
    {
        this.output = output ?? Console.Out;
        this.minInterval = minInterval ?? TimeSpan.FromMilliseconds(200);
        BarWidth = barWidth;
    }

    public int BarWidth { get; }

    public void OnEpochStart(int epoch, int totalEpochs, int? batchCount)
    {
        this.totalEpochs = totalEpochs;
        sinceDraw.Reset();
    }

    public void OnBatch(ProgressSnapshot snapshot)
    {
        bool last = snapshot.BatchCount is int n && snapshot.Batch + 1 >= n;
        if (sinceDraw.IsRunning && sinceDraw.Elapsed < minInterval && !last) return;
        sinceDraw.Restart();
        Draw(Bar(snapshot.Fraction) + " " + ProgressText.Figures(snapshot));
    }

    public void OnEpochEnd(EpochMetrics metrics)
    {
        Draw(ProgressText.Figures(metrics, totalEpochs));
        output.WriteLine();
        lastLineLength = 0;
    }

    public void OnEnd(History history)
    {
        if (lastLineLength > 0) output.WriteLine();
        if (history.StopReason != StopReason.Completed) output.WriteLine($"training {(history.StopReason == StopReason.Cancelled ? "cancelled" : "stopped early")} after {history.Epochs.Count} epochs");
        output.Flush();
    }

    private string Bar(double? fraction)
    {
        if (fraction is not double f) return "[" + new string('?', BarWidth) + "]";
        int filled = (int)Math.Round(f * BarWidth);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "]";
    }

    private void Draw(string line)
    {
        output.Write("\r" + line.PadRight(lastLineLength));
        output.Flush();
        lastLineLength = line.Length;
    }
}
