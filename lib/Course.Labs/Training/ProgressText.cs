using System.Globalization;

namespace Course.Labs.Training;

/// <summary>The words and numbers both progress views show: epoch, batch, loss, accuracy, samples/s, ETA.</summary>
internal static class ProgressText
{
    public static string Duration(TimeSpan t) => t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    public static string Figures(ProgressSnapshot s)
    {
        string batch = s.BatchCount is int n ? $"{s.Batch + 1}/{n}" : $"{s.Batch + 1}";
        string accuracy = s.Accuracy is double a ? $" acc {a * 100:F2}%" : "";
        string eta = s.EpochRemaining is TimeSpan r ? $" ETA {Duration(r)}" : $" {Duration(s.Elapsed)}";
        return string.Create(CultureInfo.InvariantCulture, $"epoch {s.Epoch + 1}/{s.TotalEpochs} batch {batch} loss {s.Loss:F4}{accuracy} {s.SamplesPerSecond:F0} img/s{eta}");
    }

    public static string Figures(EpochMetrics m, int totalEpochs)
    {
        string Percent(double? v) => v is double x ? $"{x * 100:F2}%" : "-";
        string validation = m.ValidationLoss is double vl ? $" | val loss {vl:F4} acc {Percent(m.ValidationAccuracy)}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch + 1}/{totalEpochs} loss {m.TrainLoss:F4} acc {Percent(m.TrainAccuracy)}{validation} | {m.SamplesPerSecond:F0} img/s {m.Seconds:F1}s");
    }
}
