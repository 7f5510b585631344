using Course.Labs.Plots;

namespace Course.Labs.Training;

/// <summary>
/// Loss (left panel) and accuracy (right panel) per epoch, training solid and validation dashed: of one run
/// (<c>history.Chart()</c>) or of several side by side, one colour per run.
/// </summary>
public static class TrainingCurves
{
    private static readonly (string Name, Func<EpochMetrics, double?> Value, string Axis, string Dash)[] Series =
    [
        ("train loss", e => e.TrainLoss, "", "solid"),
        ("validation loss", e => e.ValidationLoss, "", "dash"),
        ("train accuracy", e => e.TrainAccuracy, "2", "solid"),
        ("validation accuracy", e => e.ValidationAccuracy, "2", "dash"),
    ];

    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>One run's curves; a series without values (no validation, no accuracy) is left out.</summary>
    public static Chart Of(History history, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Build([(null, history)], title ?? "Training curves", height: 420);
    }

    /// <summary>The named runs in one chart, each in its colour in both panels (the legend lists each run's lines).</summary>
    public static Chart Compare(IReadOnlyDictionary<string, History> runs, string title = "Training curves")
    {
        ArgumentNullException.ThrowIfNull(runs);
        return Build(runs.Select(r => ((string?)r.Key, r.Value)), title, height: 480);
    }

    private static Chart Build(IEnumerable<(string? Run, History History)> runs, string title, int height)
    {
        var traces = new List<object>();
        int index = 0;
        foreach (var (run, history) in runs)
        {
            string? colour = run is null ? null : Colours[index++ % Colours.Length];
            var epochs = history.Epochs.Select(e => e.Epoch + 1).ToArray();
            foreach (var (series, value, axis, dash) in Series)
            {
                var y = history.Epochs.Select(value).ToArray();
                if (y.All(v => v is null)) continue;
                traces.Add(new
                {
                    type = "scatter", mode = "lines+markers", name = run is null ? series : $"{run} {series}", legendgroup = run,
                    x = epochs, y, xaxis = "x" + axis, yaxis = "y" + axis, line = new { dash, color = colour },
                });
            }
        }
        var layout = new Dictionary<string, object?>
        {
            ["xaxis"] = new { title = new { text = "epoch" }, domain = new[] { 0.0, 0.45 } },
            ["yaxis"] = new { title = new { text = "loss" } },
            ["xaxis2"] = new { title = new { text = "epoch" }, domain = new[] { 0.55, 1.0 }, anchor = "y2" },
            ["yaxis2"] = new { title = new { text = "accuracy" }, anchor = "x2", range = new[] { 0.0, 1.0 } },
        };
        return new Chart(title, traces, layout, height);
    }
}
