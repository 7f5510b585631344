using System.Globalization;
using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Notebooks.Execution;

/// <summary>papermill's execution metadata, on the notebook and on each cell, and its error marker cells.</summary>
public static class PapermillRecord
{
    /// <summary>The tag papermill puts on the red markdown cells that point at a failure.</summary>
    public const string ErrorCellTag = "papermill-error-cell-tag";

    /// <summary>An ISO-8601 UTC timestamp as papermill writes it.</summary>
    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The notebook's papermill object (created when missing).</summary>
    public static JsonObject Of(Notebook nb) => nb.Metadata.Section(Key);

    /// <summary>The metadata key papermill records under, on the notebook and on each cell.</summary>
    public const string Key = "papermill";

    /// <summary>Marks every cell pending and records the run's start.</summary>
    public static void Start(Notebook nb, DateTime startUtc, string? inputPath, string? outputPath)
    {
        var p = Of(nb);
        p["input_path"] = inputPath;
        p["output_path"] = outputPath;
        p["start_time"] = Timestamp(startUtc);
        p["end_time"] = null;
        p["duration"] = null;
        p["exception"] = null;
        p["environment_variables"] ??= new JsonObject();
        p["parameters"] ??= new JsonObject();
        p["default_parameters"] = Parameters.DefaultParameters.Read(nb);
        p["version"] = "labs-" + typeof(PapermillRecord).Assembly.GetName().Version;
        foreach (var cell in nb.Cells)
            cell.Metadata["papermill"] = new JsonObject
            {
                ["exception"] = false, ["start_time"] = null, ["end_time"] = null, ["duration"] = null, ["status"] = "pending",
            };
    }

    /// <summary>Records a cell as running.</summary>
    public static void CellStarted(Cell cell, DateTime startUtc)
    {
        var p = CellObject(cell);
        p["start_time"] = Timestamp(startUtc);
        p["status"] = "running";
    }

    /// <summary>Records a cell's end and status.</summary>
    public static void CellEnded(Cell cell, DateTime startUtc, DateTime endUtc, bool failed)
    {
        var p = CellObject(cell);
        p["end_time"] = Timestamp(endUtc);
        p["duration"] = Math.Round((endUtc - startUtc).TotalSeconds, 6);
        p["exception"] = failed;
        p["status"] = failed ? "failed" : "completed";
    }

    /// <summary>Records the run's end.</summary>
    public static void End(Notebook nb, DateTime startUtc, DateTime endUtc, bool failed)
    {
        var p = Of(nb);
        p["end_time"] = Timestamp(endUtc);
        p["duration"] = Math.Round((endUtc - startUtc).TotalSeconds, 6);
        p["exception"] = failed;
    }

    /// <summary>Inserts papermill's red markdown cells: one at the top, one right before the failed cell.</summary>
    public static void InsertErrorCells(Notebook nb, Cell failed)
    {
        var top = Cell.Markdown(
            $"<span style=\"color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;\">An Exception was encountered at '<a href=\"#papermill-error-cell\">In [{failed.ExecutionCount}]</a>'.</span>",
            ErrorCellTag);
        var marker = Cell.Markdown(
            "<span id=\"papermill-error-cell\" style=\"color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;\">Execution using papermill encountered an exception here and stopped:</span>",
            ErrorCellTag);
        nb.Cells.RemoveAll(c => c.HasTag(ErrorCellTag));
        nb.Cells.Insert(nb.Cells.IndexOf(failed), marker);
        nb.Cells.Insert(0, top);
    }

    private static JsonObject CellObject(Cell cell) => cell.Metadata.Section(Key);
}
