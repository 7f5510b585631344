using System.Globalization;
using System.Net;
using System.Text;
using Course.Labs.Display;
using Course.Labs.Plots;

namespace Course.Labs.Training;

/// <summary>
/// Metrics per epoch of a training run and how it ended. Renders as a table in a notebook;
/// <c>history.Chart()</c> draws the train and validation curves.
/// </summary>
public sealed class History : IHtmlContent
{
    private readonly List<EpochMetrics> epochs = [];

    public IReadOnlyList<EpochMetrics> Epochs => epochs;

    /// <summary>Why the run ended; <see cref="StopReason.Completed"/> until then.</summary>
    public StopReason StopReason { get; internal set; } = StopReason.Completed;

    /// <summary>The last epoch's figures, or null before the first epoch ends.</summary>
    public EpochMetrics? Last => epochs.Count > 0 ? epochs[^1] : null;

    /// <summary>The epoch with the lowest validation loss (training loss when there is no validation).</summary>
    public EpochMetrics? Best => epochs.MinBy(e => e.ValidationLoss ?? e.TrainLoss);

    internal void Add(EpochMetrics metrics) => epochs.Add(metrics);

    internal static History From(IEnumerable<EpochMetrics> metrics)
    {
        var history = new History();
        history.epochs.AddRange(metrics);
        return history;
    }

    /// <summary>Loss and accuracy curves, train vs validation.</summary>
    public Chart Chart(string? title = null) => TrainingCurves.Of(this, title);

    private static string Cell(double? value, string format) => value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "";

    private IEnumerable<string[]> Rows() => epochs.Select(e => new[]
    {
        (e.Epoch + 1).ToString(CultureInfo.InvariantCulture), Cell(e.TrainLoss, "F4"), Cell(e.TrainAccuracy * 100, "F2"),
        Cell(e.ValidationLoss, "F4"), Cell(e.ValidationAccuracy * 100, "F2"), Cell(e.LearningRate, "G4"),
        Cell(e.Seconds, "F1"), Cell(e.SamplesPerSecond, "F0"),
    });

    private static readonly string[] Header = ["epoch", "train loss", "train acc %", "val loss", "val acc %", "lr", "s", "samples/s"];

    private string Ending => StopReason switch
    {
        StopReason.Cancelled => "cancelled",
        StopReason.EarlyStopping => "stopped early",
        _ => "completed",
    };

    public override string ToString()
    {
        var rows = Rows().Prepend(Header).ToList();
        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows) text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadLeft(widths[i]))));
        text.Append($"{epochs.Count} epochs, {Ending}");
        return text.ToString();
    }

    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"labs-history\"><table><thead><tr>");
        foreach (var h in Header) html.Append($"<th>{WebUtility.HtmlEncode(h)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows())
            html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td style=\"text-align:right\">{c}</td>"))).Append("</tr>");
        html.Append($"</tbody></table><p>{epochs.Count} epochs, {Ending}</p></div>");
        return html.ToString();
    }
}
