using System.Diagnostics;
using System.Net;
using System.Text;

namespace Course.Labs.Training;

/// <summary>
/// Live progress in a notebook as ONE output updated in place: a bar with loss, accuracy, images/s and ETA, and a
/// row per finished epoch. The notebook passes its display handle, so no notebook engine is needed here:
/// <code>Progress = [NotebookProgress.ForDisplay(display(""), "ResNet-18")]</code>
/// </summary>
public sealed class NotebookProgress : ITrainingProgress
{
    private readonly Action<string> update;
    private readonly string? title;
    private readonly TimeSpan minInterval;
    private readonly Stopwatch sinceDraw = new();
    private readonly List<string> finishedEpochs = [];
    private int totalEpochs;

    /// <param name="update">Replaces the output's HTML (called at most every <paramref name="minInterval"/>).</param>
    /// <param name="minInterval">The least time between two redraws during an epoch (500 ms when null).</param>
    /// <param name="title">A bold line above the bar naming the run (several runs in one cell), or none.</param>
    public NotebookProgress(Action<string> update, TimeSpan? minInterval = null, string? title = null)
    {
        this.update = update ?? throw new ArgumentNullException(nameof(update), "Pass the function that updates the notebook output, e.g. html => view.Update(HTML(html)).");
        this.title = title;
        this.minInterval = minInterval ?? TimeSpan.FromMilliseconds(500);
    }

    /// <summary>
    /// Progress shown through a notebook's display handle, the value <c>display(...)</c> returns in Polyglot-style
    /// hosts: anything with an <c>Update(object)</c> method. Each update passes an <see cref="Display.HtmlFragment"/>.
    /// The output says "starting…" (under <paramref name="title"/> when given) until the first batch.
    /// </summary>
    /// <example><code>var trainer = Trainer.For(model, lr: 0.1, progress: NotebookProgress.ForDisplay(display(""), "ResNet-18"));</code></example>
    public static NotebookProgress ForDisplay(object displayHandle, string? title = null, TimeSpan? minInterval = null)
    {
        ArgumentNullException.ThrowIfNull(displayHandle);
        var update = displayHandle.GetType().GetMethods()
            .FirstOrDefault(m => m.Name == "Update" && m.GetParameters() is [{ ParameterType: var p }] && p.IsAssignableFrom(typeof(Display.HtmlFragment)))
            ?? throw new ArgumentException($"{displayHandle.GetType().Name} has no Update(object) method; pass the value display(...) returned, or use new NotebookProgress(html => ...).", nameof(displayHandle));
        var progress = new NotebookProgress(html => update.Invoke(displayHandle, [new Display.HtmlFragment(html)]), minInterval, title);
        progress.Render(0.0, "starting…");
        return progress;
    }

    /// <summary>The HTML last sent to the output.</summary>
    public string LastHtml { get; private set; } = "";

    public void OnEpochStart(int epoch, int totalEpochs, int? batchCount)
    {
        this.totalEpochs = totalEpochs;
        sinceDraw.Reset();
    }

    public void OnBatch(ProgressSnapshot snapshot)
    {
        if (sinceDraw.IsRunning && sinceDraw.Elapsed < minInterval) return;
        sinceDraw.Restart();
        Render(snapshot.Fraction, ProgressText.Figures(snapshot));
    }

    public void OnEpochEnd(EpochMetrics metrics)
    {
        finishedEpochs.Add(ProgressText.Figures(metrics, totalEpochs));
        Render(1.0, finishedEpochs[^1]);
    }

    public void OnEnd(History history)
    {
        string ending = history.StopReason switch
        {
            StopReason.Cancelled => "cancelled (the model keeps its weights)",
            StopReason.EarlyStopping => "stopped early",
            _ => "done",
        };
        Render(1.0, $"{history.Epochs.Count} epochs, {ending}");
    }

    private void Render(double? fraction, string status)
    {
        var html = new StringBuilder("<div class=\"labs-progress\" style=\"font-family:monospace\">");
        if (title is not null) html.Append($"<div><b>{WebUtility.HtmlEncode(title)}</b></div>");
        string percent = fraction is double f ? $"{f * 100:F0}" : "100";
        string animation = fraction is null ? " opacity:0.4;" : "";
        html.Append($"<div style=\"width:320px;height:10px;background:#ddd;border-radius:3px\"><div style=\"width:{percent}%;height:100%;background:#4a8;border-radius:3px;{animation}\"></div></div>");
        html.Append($"<div>{WebUtility.HtmlEncode(status)}</div>");
        foreach (var line in finishedEpochs) html.Append($"<div style=\"color:#555\">{WebUtility.HtmlEncode(line)}</div>");
        html.Append("</div>");
        LastHtml = html.ToString();
        update(LastHtml);
    }
}
