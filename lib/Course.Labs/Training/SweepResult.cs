using System.Globalization;
using System.Net;
using System.Text;
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

    private SweepEntry? Find(int row, int column) => Entries.FirstOrDefault(e => e.Row == Sweep.RowValues[row] && e.Column == Sweep.ColumnValues[column]);

    private string Cell(int row, int column) => Find(row, column) switch
    {
        null => "-",
        { Score: double.NaN } => "diverged",
        var e => e.Score.ToString("G4", CultureInfo.InvariantCulture),
    };

    private static string Label(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>The scores as a heatmap, rows = <see cref="HyperparameterSweep.RowName"/>.</summary>
    public Chart Heatmap() => Charts.Heatmap(Matrix(), Sweep.ColumnValues.Select(Label).ToList(), Sweep.RowValues.Select(Label).ToList(),
        title: $"{Sweep.ScoreName}: {Sweep.RowName} x {Sweep.ColumnName}", xTitle: Sweep.ColumnName, yTitle: Sweep.RowName);

    public override string ToString()
    {
        var text = new StringBuilder($"{Sweep.ScoreName} ({Sweep.RowName} \\ {Sweep.ColumnName})\n");
        text.Append("".PadLeft(12)).AppendJoin("", Sweep.ColumnValues.Select(c => Label(c).PadLeft(12))).AppendLine();
        for (int r = 0; r < Sweep.RowValues.Count; r++)
        {
            text.Append(Label(Sweep.RowValues[r]).PadLeft(12));
            for (int c = 0; c < Sweep.ColumnValues.Count; c++)
                text.Append(Cell(r, c).PadLeft(12));
            text.AppendLine();
        }
        return text.Append($"{Entries.Count} of {Sweep.RowValues.Count * Sweep.ColumnValues.Count} configurations done").ToString();
    }

    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"labs-sweep\"><table><thead><tr>");
        html.Append($"<th>{WebUtility.HtmlEncode(Sweep.RowName)} \\ {WebUtility.HtmlEncode(Sweep.ColumnName)}</th>");
        foreach (var c in Sweep.ColumnValues) html.Append($"<th>{Label(c)}</th>");
        html.Append("</tr></thead><tbody>");
        for (int r = 0; r < Sweep.RowValues.Count; r++)
        {
            html.Append($"<tr><th>{Label(Sweep.RowValues[r])}</th>");
            for (int c = 0; c < Sweep.ColumnValues.Count; c++)
                html.Append($"<td style=\"text-align:right\">{Cell(r, c)}</td>");
            html.Append("</tr>");
        }
        html.Append($"</tbody></table><p>{WebUtility.HtmlEncode(Sweep.ScoreName)}; {Entries.Count} of {Sweep.RowValues.Count * Sweep.ColumnValues.Count} configurations done</p>");
        return html.Append(Heatmap().ToHtml()).Append("</div>").ToString();
    }
}
