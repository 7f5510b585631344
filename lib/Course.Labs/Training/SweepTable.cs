using System.Globalization;
using System.Net;
using System.Text;
using Course.Labs.Display;
using Course.Labs.Plots;

namespace Course.Labs.Training;

/// <summary>
/// Scores over a grid of two hyper-parameters, keyed by their values: a sweep's results (<see cref="SweepResult.ToTable"/>)
/// or a published table (the original lab's), so that the two can be read cell by cell and drawn side by side
/// (<see cref="CompareHeatmap"/>). A cell holds a score, <see cref="double.NaN"/> for a run that diverged, or null
/// for one that has not run.
/// </summary>
/// <example><code>
/// var original = new SweepTable("weight decay", [0.1, 0.01, 0.001], "learning rate", [1.0, 0.1, 0.01, 0.001],
///     new double[,] { { 0.0980, 0.1009, 0.1323, 0.9825 }, ... }, "test accuracy");
/// sweep.ToTable().CompareHeatmap(original)
/// </code></example>
public sealed class SweepTable : IHtmlContent
{
    private readonly double?[,] scores;

    /// <summary>A table with every cell known (NaN: diverged).</summary>
    public SweepTable(string rowName, IReadOnlyList<double> rowValues, string columnName, IReadOnlyList<double> columnValues,
        double[,] scores, string scoreName = "accuracy", string format = "P1")
        : this(rowName, rowValues, columnName, columnValues, Nullable(scores), scoreName, format) { }

    /// <summary>A table in which null marks a configuration that has not run.</summary>
    public SweepTable(string rowName, IReadOnlyList<double> rowValues, string columnName, IReadOnlyList<double> columnValues,
        double?[,] scores, string scoreName = "accuracy", string format = "P1")
    {
        ArgumentNullException.ThrowIfNull(scores);
        CheckAxis(rowValues, nameof(rowValues));
        CheckAxis(columnValues, nameof(columnValues));
        if (scores.GetLength(0) != rowValues.Count || scores.GetLength(1) != columnValues.Count)
            throw new ArgumentException($"scores must be {rowValues.Count} x {columnValues.Count} ({rowName} x {columnName}), got {scores.GetLength(0)} x {scores.GetLength(1)}.", nameof(scores));
        (RowName, RowValues, ColumnName, ColumnValues, ScoreName, Format) = (rowName, rowValues.ToArray(), columnName, columnValues.ToArray(), scoreName, format);
        this.scores = (double?[,])scores.Clone();
    }

    public string RowName { get; }
    public IReadOnlyList<double> RowValues { get; }
    public string ColumnName { get; }
    public IReadOnlyList<double> ColumnValues { get; }
    /// <summary>What the numbers are, e.g. "validation accuracy".</summary>
    public string ScoreName { get; }
    /// <summary>.NET number format of the cells ("P1": 97.6 %).</summary>
    public string Format { get; }

    /// <summary>The score at these two values (NaN: diverged; null: not run).</summary>
    public double? this[double row, double column] => scores[IndexOf(RowValues, row, RowName), IndexOf(ColumnValues, column, ColumnName)];

    /// <summary>True when every configuration has run (diverged ones included).</summary>
    public bool IsComplete => Cells().All(c => c.Score is not null);

    /// <summary>Every cell, row by row.</summary>
    public IEnumerable<(double Row, double Column, double? Score)> Cells()
    {
        for (int r = 0; r < RowValues.Count; r++)
            for (int c = 0; c < ColumnValues.Count; c++)
                yield return (RowValues[r], ColumnValues[c], scores[r, c]);
    }

    /// <summary>The scores as [row, column], NaN where a run diverged or has not run.</summary>
    public double[,] Matrix()
    {
        var m = new double[RowValues.Count, ColumnValues.Count];
        for (int r = 0; r < RowValues.Count; r++)
            for (int c = 0; c < ColumnValues.Count; c++)
                m[r, c] = scores[r, c] ?? double.NaN;
        return m;
    }

    /// <summary>
    /// The table keyed by the grid's values, row value then column value (invariant text, e.g. "0.001"), as a scrap
    /// records it: <c>{"0.1": {"1": 0.098, "0.1": 0.1009, ...}, ...}</c>; null for a run that diverged or has not run.
    /// </summary>
    public Dictionary<string, Dictionary<string, double?>> ToKeyed(int digits = 4)
        => Enumerable.Range(0, RowValues.Count).ToDictionary(r => Label(RowValues[r]), r =>
            Enumerable.Range(0, ColumnValues.Count).ToDictionary(c => Label(ColumnValues[c]),
                c => scores[r, c] is double v && double.IsFinite(v) ? Math.Round(v, digits) : (double?)null));

    /// <summary>The scores as a heatmap (rows: <see cref="RowName"/>); fractions (accuracies) are coloured on 0..1.</summary>
    public Chart Heatmap(string? title = null)
    {
        var (zMin, zMax) = ColourRange(this);
        return Charts.Heatmap(Colours(), Texts(Cell), ColumnValues.Select(Label).ToList(), RowValues.Select(Label).ToList(),
            title ?? $"{ScoreName}: {RowName} x {ColumnName}", ColumnName, RowName, zMin: zMin, zMax: zMax);
    }

    /// <summary>
    /// A heatmap of this table coloured by its scores, each cell also showing <paramref name="reference"/>'s score for the
    /// same two values (e.g. "96.3 %" over "(original 97.63 %)"). Both tables must share the grid's names and values (in
    /// any order; this table's order is kept). Fractions are coloured on 0..1; a diverged run as 0 (it learned nothing).
    /// </summary>
    public Chart CompareHeatmap(SweepTable reference, string referenceName = "original", string? title = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!SameGrid(reference))
            throw new ArgumentException(
                $"The reference table's grid ({reference.RowName} {Values(reference.RowValues)} x {reference.ColumnName} {Values(reference.ColumnValues)}) " +
                $"differs from this one's ({RowName} {Values(RowValues)} x {ColumnName} {Values(ColumnValues)}): compare tables of the same grid.", nameof(reference));
        var text = Texts((r, c) => $"{Cell(r, c)}<br>({WebUtility.HtmlEncode(referenceName)} {reference.Cell(reference.IndexOf(reference.RowValues, RowValues[r], RowName), reference.IndexOf(reference.ColumnValues, ColumnValues[c], ColumnName))})");
        var (zMin, zMax) = ColourRange(this, reference);
        return Charts.Heatmap(Colours(), text, ColumnValues.Select(Label).ToList(), RowValues.Select(Label).ToList(),
            title ?? $"{ScoreName} ({referenceName} in brackets): {RowName} x {ColumnName}", ColumnName, RowName, zMin: zMin, zMax: zMax);
    }

    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"labs-sweep-table\"><thead><tr>");
        html.Append($"<th>{WebUtility.HtmlEncode(RowName)} \\ {WebUtility.HtmlEncode(ColumnName)}</th>");
        foreach (var c in ColumnValues) html.Append($"<th>{Label(c)}</th>");
        html.Append("</tr></thead><tbody>");
        for (int r = 0; r < RowValues.Count; r++)
        {
            html.Append($"<tr><th>{Label(RowValues[r])}</th>");
            for (int c = 0; c < ColumnValues.Count; c++) html.Append($"<td style=\"text-align:right\">{Cell(r, c)}</td>");
            html.Append("</tr>");
        }
        return html.Append($"</tbody></table><p>{WebUtility.HtmlEncode(ScoreName)}</p>").ToString();
    }

    public override string ToString()
    {
        var text = new StringBuilder($"{ScoreName} ({RowName} \\ {ColumnName})\n");
        text.Append("".PadLeft(12)).AppendJoin("", ColumnValues.Select(c => Label(c).PadLeft(12))).AppendLine();
        for (int r = 0; r < RowValues.Count; r++)
        {
            text.Append(Label(RowValues[r]).PadLeft(12));
            for (int c = 0; c < ColumnValues.Count; c++) text.Append(Cell(r, c).PadLeft(12));
            text.AppendLine();
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>A grid value as the table's labels and keys write it ("0.001", "64").</summary>
    public static string Label(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private string Cell(int r, int c) => scores[r, c] switch
    {
        null => "-",
        double v when double.IsNaN(v) => "diverged",
        double v => v.ToString(Format, CultureInfo.InvariantCulture),
    };

    /// <summary>0..1 when every known score is a fraction (accuracies read alike across charts); else plotly's own range.</summary>
    private static (double? Min, double? Max) ColourRange(params SweepTable[] tables)
        => tables.SelectMany(t => t.Cells()).All(c => c.Score is not double v || double.IsNaN(v) || v is >= 0 and <= 1) ? (0, 1) : (null, null);

    private double[,] Colours()
    {
        var m = new double[RowValues.Count, ColumnValues.Count];
        for (int r = 0; r < RowValues.Count; r++)
            for (int c = 0; c < ColumnValues.Count; c++)
                m[r, c] = scores[r, c] switch { null => double.NaN, double v when double.IsNaN(v) => 0, double v => v };
        return m;
    }

    private string[,] Texts(Func<int, int, string> text)
    {
        var t = new string[RowValues.Count, ColumnValues.Count];
        for (int r = 0; r < RowValues.Count; r++)
            for (int c = 0; c < ColumnValues.Count; c++) t[r, c] = text(r, c);
        return t;
    }

    private bool SameGrid(SweepTable other)
        => other.RowName == RowName && other.ColumnName == ColumnName
           && other.RowValues.Order().SequenceEqual(RowValues.Order()) && other.ColumnValues.Order().SequenceEqual(ColumnValues.Order());

    private int IndexOf(IReadOnlyList<double> values, double value, string name)
    {
        for (int i = 0; i < values.Count; i++)
            if (values[i] == value) return i;
        throw new KeyNotFoundException($"{name} {Label(value)} is not in this table (it has {Values(values)}).");
    }

    private static string Values(IReadOnlyList<double> values) => "{" + string.Join(", ", values.Select(Label)) + "}";

    private static void CheckAxis(IReadOnlyList<double> values, string parameter)
    {
        if (values is not { Count: > 0 }) throw new ArgumentException($"{parameter} must list at least one value.", parameter);
        if (values.Distinct().Count() != values.Count) throw new ArgumentException($"{parameter} lists a value twice: {Values(values)}.", parameter);
    }

    private static double?[,] Nullable(double[,] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var m = new double?[scores.GetLength(0), scores.GetLength(1)];
        for (int r = 0; r < m.GetLength(0); r++)
            for (int c = 0; c < m.GetLength(1); c++) m[r, c] = scores[r, c];
        return m;
    }
}
