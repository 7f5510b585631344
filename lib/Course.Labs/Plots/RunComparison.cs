using Course.Labs.Training;

namespace Course.Labs.Plots;

/// <summary>Several training runs side by side: loss (left) and accuracy (right) per epoch, one colour per run.</summary>
public static class RunComparison
{
    private static readonly (string Name, Func<EpochMetrics, double?> Value, string Axis, string Dash)[] Series =
    [
        ("train loss", e => e.TrainLoss, "", "solid"),
        ("validation loss", e => e.ValidationLoss, "", "dash"),
        ("train accuracy", e => e.TrainAccuracy, "2", "solid"),
        ("validation accuracy", e => e.ValidationAccuracy, "2", "dash"),
    ];

    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    /// <summary>
    /// One chart of the named runs: training figures solid, validation figures dashed, the same colour for a run in
    /// both panels (the legend lists each run's four lines).
    /// </summary>
    public static Chart Chart(IReadOnlyDictionary<string, History> runs, string title = "Training curves")
    {
        ArgumentNullException.ThrowIfNull(runs);
        var traces = new List<object>();
        int index = 0;
        foreach (var (name, history) in runs)
        {
            string colour = Colours[index++ % Colours.Length];
            var epochs = history.Epochs.Select(e => e.Epoch + 1).ToArray();
            foreach (var (series, value, axis, dash) in Series)
            {
                var y = history.Epochs.Select(value).ToArray();
                if (y.All(v => v is null)) continue;
                traces.Add(new
                {
                    type = "scatter", mode = "lines+markers", name = $"{name} {series}", legendgroup = name, x = epochs, y,
                    xaxis = "x" + axis, yaxis = "y" + axis, line = new { dash, color = colour },
                });
            }
        }
        // The same two panels (loss left, accuracy right) as a single run's training curves.
        var layout = Charts.TrainingCurves(History.From([])).Layout;
        return new Chart(title, traces, layout, height: 480);
    }
}
