using Course.Labs.Display;
using Course.Labs.Plots;

namespace Course.Labs.Training;

/// <summary>The scores of a <see cref="HyperparameterSweep"/> as a table (rows x columns) and a heatmap.</summary>
public sealed class SweepResult : IHtmlContent
{
    internal SweepResult(HyperparameterSweep sweep, IReadOnlyList<SweepEntry> entries)
    {
        Sweep = sweep;
        Entries = entries;
    }

    public HyperparameterSweep Sweep { get; }
    public IReadOnlyList<SweepEntry> Entries { get; }

    /// <summary>True when every configuration of the grid has a score.</summary>
    public bool IsComplete => Entries.Count == Sweep.RowValues.Count * Sweep.ColumnValues.Count;

    /// <summary>The best configuration so far (highest score), or null when none finished.</summary>
    public SweepEntry? Best => Entries.Where(e => !double.IsNaN(e.Score)).MaxBy(e => e.Score);

    /// <summary>Scores as [row, column]; NaN where a configuration has not run or diverged.</summary>
    public double[,] Matrix()
    {
        var m = new double[Sweep.RowValues.Count, Sweep.ColumnValues.Count];
        for (int r = 0; r < Sweep.RowValues.Count; r++)
            for (int c = 0; c < Sweep.ColumnValues.Count; c++)
                m[r, c] = Find(r, c)?.Score ?? double.NaN;
        return m;
    }

    /// <summary>The scores as a <see cref="SweepTable"/> keyed by the grid's values (null where a configuration has not run yet).</summary>
    public SweepTable ToTable(string format = "P1")
    {
        var scores = new double?[Sweep.RowValues.Count, Sweep.ColumnValues.Count];
        for (int r = 0; r < Sweep.RowValues.Count; r++)
            for (int c = 0; c < Sweep.ColumnValues.Count; c++)
                scores[r, c] = Find(r, c)?.Score;
        return new SweepTable(Sweep.RowName, Sweep.RowValues, Sweep.ColumnName, Sweep.ColumnValues, scores, Sweep.ScoreName, format);
    }

    private SweepEntry? Find(int row, int column) => Entries.FirstOrDefault(e => e.Row == Sweep.RowValues[row] && e.Column == Sweep.ColumnValues[column]);

    private string Done => $"{Entries.Count} of {Sweep.RowValues.Count * Sweep.ColumnValues.Count} configurations done";

    /// <summary>The scores as a heatmap, rows = <see cref="HyperparameterSweep.RowName"/>.</summary>
    public Chart Heatmap() => ToTable().Heatmap();

    public override string ToString() => ToTable().ToString() + "\n" + Done;

    public string ToHtml() => $"<div class=\"labs-sweep\">{ToTable().ToHtml()}<p>{Done}</p>{Heatmap().ToHtml()}</div>";
}
