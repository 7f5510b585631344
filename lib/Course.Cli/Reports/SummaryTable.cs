using Course.Notebooks.Contract;

namespace Course.Cli.Reports;

/// <summary>The table printed at the end of `labs run`.</summary>
public static class SummaryTable
{
    /// <summary>Writes one row per notebook: name, status, cells run, time, first error.</summary>
    public static void Write(TextWriter w, IReadOnlyList<NotebookOutcome> outcomes)
    {
        var width = Math.Max(8, outcomes.Max(o => Path.GetFileName(o.Notebook).Length));
        w.WriteLine();
        w.WriteLine($"{"notebook".PadRight(width)}  {"status",-11}  {"cells",-7}  {"time",8}  error");
        foreach (var o in outcomes)
        {
            var error = o.Error is null ? "" : o.Error.ReplaceLineEndings(" ");
            if (error.Length > 100) error = error[..97] + "...";
            w.WriteLine($"{Path.GetFileName(o.Notebook).PadRight(width)}  {o.Status,-11}  {$"{o.CellsRun}/{o.CodeCells}",-7}  {o.DurationSeconds,6:0.0} s  {error}");
        }
        var passed = outcomes.Count(o => o.Status == NotebookOutcome.Statuses.Passed);
        w.WriteLine($"{passed} of {outcomes.Count} notebooks passed.");
    }
}
