using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Notebooks.Execution;

/// <summary>
/// Executes a notebook's code cells in order in one <see cref="ScriptSession"/>, like nbclient/papermill:
/// outputs and execution counts written into the cells, per-cell timing and status, stop at the first error
/// (unless asked to continue), per-cell timeout with cooperative cancellation.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Runs the notebook in place (its cells receive outputs) and returns how it went.</summary>
    public static async Task<RunResult> RunAsync(Notebook nb, RunOptions options, string? inputPath = null, string? outputPath = null,
        CancellationToken cancel = default)
    {
        var folder = options.WorkingDirectory
                     ?? (inputPath is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(inputPath))!);
        var session = new ScriptSession(folder, options.Restorer, options.NativeFixes);
        if (nb.Cells.Any(c => c.IsCode)) await ScriptSession.WarmUpAsync();
        var clock = Stopwatch.StartNew();
        var startUtc = DateTime.UtcNow;
        PapermillRecord.Start(nb, startUtc, inputPath, outputPath);

        var cells = nb.Cells.ToList();
        var codeCount = cells.Count(c => c.IsCode);
        var codeNumber = 0;
        var executionCount = 0;
        var status = RunStatus.Passed;
        string? firstError = null;
        Cell? firstFailed = null;
        foreach (var (cell, index) in cells.Select((c, i) => (c, i + 1)))
        {
            if (!cell.IsCode) continue;
            codeNumber++;
            var label = new CellLabel(index, cell.Id);
            cell.Outputs.Clear();
            cell.ExecutionCount = ++executionCount;
            var cellStart = DateTime.UtcNow;
            PapermillRecord.CellStarted(cell, cellStart);
            options.CellStarting?.Invoke(nb, new CellProgress(label, codeNumber, codeCount, clock.Elapsed));

            var outcome = await RunCellAsync(session, cell, label, executionCount, options, cancel);

            PapermillRecord.CellEnded(cell, cellStart, DateTime.UtcNow, outcome.Status != CellStatus.Completed);
            options.CellFinished?.Invoke(nb, new CellProgress(label, codeNumber, codeCount, clock.Elapsed, outcome.Status));
            if (outcome.Status == CellStatus.Completed) continue;

            firstError ??= (string?)outcome.Error?["evalue"];
            firstFailed ??= cell;
            if (outcome.Status == CellStatus.TimedOut)
            {
                status = RunStatus.TimedOut;
                break;
            }
            status = RunStatus.Failed;
            if (!options.ContinueOnError) break;
        }
        if (firstFailed is not null) PapermillRecord.InsertErrorCells(nb, firstFailed);
        PapermillRecord.End(nb, startUtc, DateTime.UtcNow, status != RunStatus.Passed);
        if (firstError is not null) PapermillRecord.Of(nb)["exception"] = true;
        return new RunResult(nb, status, clock.Elapsed, firstError, codeNumber);
    }

    /// <summary>Runs one cell in <paramref name="session"/> under the options' timeout and output limits; its outputs go to the cell.</summary>
    internal static async Task<CellOutcome> RunCellAsync(ScriptSession session, Cell cell, CellLabel label, int executionCount,
        RunOptions options, CancellationToken cancel)
    {
        using var cellCancel = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var sink = new CellOutputSink(cell.Outputs, cellCancel.Token) { Limits = options.OutputLimits };
        try { return await RunWithTimeoutAsync(session, cell, label, executionCount, options, sink, cellCancel, cancel); }
        finally { sink.Close(); }
    }

    private static async Task<CellOutcome> RunWithTimeoutAsync(ScriptSession session, Cell cell, CellLabel label, int executionCount,
        RunOptions options, CellOutputSink sink, CancellationTokenSource cellCancel, CancellationToken cancel)
    {
        var task = Task.Run(() => session.ExecuteAsync(cell.Source, label, sink, executionCount, cellCancel.Token), CancellationToken.None);
        if (options.CellTimeout is not { } timeout)
            return await task;

        if (await Task.WhenAny(task, Task.Delay(timeout, cancel)) == task)
            return await task;
        cellCancel.Cancel();
        var stopped = await Task.WhenAny(task, Task.Delay(options.CancellationGrace)) == task;
        JsonObject error = ErrorOutputs.Timeout(label, timeout, stopped);
        sink.Add(error);
        return new CellOutcome(CellStatus.TimedOut, error) { SessionBroken = !stopped };
    }
}
