using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Course.Notebooks.Contract;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;

namespace Course.Cli.Running;

/// <summary>
/// Runs one notebook in a child `labs run-one` process and reports how it ended, including a crash, a native abort
/// or a kill (then the notebook saved so far gets an error output on the cell that was running).
/// </summary>
public static class ChildProcessRunner
{
    private const int TailLines = 30;

    /// <summary>Runs the notebook; progress and the child's own output go to <paramref name="progress"/>.</summary>
    public static NotebookOutcome Run(string notebook, string outputNotebook, NotebookSettings settings, TextWriter progress)
    {
        var resultPath = Path.Combine(Path.GetTempPath(), $"labs-result-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        var psi = SelfInvocation.StartInfo(["run-one", notebook, "--output-notebook", outputNotebook, "--result", resultPath]);
        psi.RedirectStandardError = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardInput = true; // the settings, then closed: a cell reading Console.In gets end-of-input, not the terminal
        NotebookProcessEnvironment.ApplyTo(psi.Environment);   // malloc and GC settings (see there)

        var tail = new Queue<string>();
        var lastActivity = Stopwatch.StartNew();
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (tail)
            {
                progress.WriteLine(line);
                tail.Enqueue(line);
                if (tail.Count > TailLines) tail.Dequeue();
                lastActivity.Restart();
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        process.StandardInput.Write(settings.ToJson());
        process.StandardInput.Close();
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        // Stopping `labs run` (SIGTERM, SIGINT, SIGHUP) stops the notebook's process too: no orphan keeps training.
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;   // this process records the stop in the notebook, then the run ends (RunCommand)
            StopSignal ??= context.Signal;
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }   // already exited
        }
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        var silenceLimit = settings.TimeoutSeconds is { } t ? TimeSpan.FromSeconds(t + 60) : (TimeSpan?)null;
        var killed = false;
        while (!process.WaitForExit(500))
        {
            if (silenceLimit is { } limit && lastActivity.Elapsed > limit)
            {
                OnLine($"[{Path.GetFileName(notebook)}] no progress for {limit.TotalSeconds:0} s: killing the notebook's process.");
                process.Kill(entireProcessTree: true);
                killed = true;
            }
        }
        process.WaitForExit();

        if (StopSignal is { } signal) return Died(notebook, outputNotebook, $"the run was stopped ({signal}): the notebook's process was killed", tail, clock);
        var outcome = NotebookOutcome.TryRead(resultPath);
        File.Delete(resultPath);
        if (!killed && ExitCodes.IsOrderly(process.ExitCode) && outcome is not null) return outcome with { Notebook = notebook };
        return Died(notebook, outputNotebook, DeathMessage(process.ExitCode, killed), tail, clock);
    }

    /// <summary>The signal that stopped the run, once `labs run` got SIGTERM, SIGINT or SIGHUP; no further notebook should start.</summary>
    public static PosixSignal? StopSignal { get; private set; }

    private static NotebookOutcome Died(string notebook, string outputNotebook, string message, Queue<string> tail, Stopwatch clock)
    {
        string[] lastLines;
        lock (tail) lastLines = tail.ToArray();
        var cellsRun = RecordDeath(notebook, outputNotebook, message, lastLines);
        return new NotebookOutcome
        {
            Notebook = notebook, Status = NotebookOutcome.Statuses.Dead, ExitCode = ExitCodes.DeadProcess, Error = message,
            DurationSeconds = clock.Elapsed.TotalSeconds, CellsRun = cellsRun, OutputNotebook = outputNotebook,
            CodeCells = SafeRead(outputNotebook)?.Cells.Count(c => c.IsCode) ?? 0,
        };
    }

    private static string DeathMessage(int exitCode, bool killed)
        => killed ? "the notebook's process stopped making progress and was killed" : "the notebook's process " + ExitCodes.DescribeDeath(exitCode);

    /// <summary>Puts the death on the cell that was running in the notebook saved so far; returns the cells that ran.</summary>
    private static int RecordDeath(string notebook, string outputNotebook, string message, IReadOnlyList<string> lastLines)
    {
        var nb = SafeRead(outputNotebook) ?? SafeRead(notebook);
        if (nb is null) return 0;
        var cell = nb.Cells.FirstOrDefault(c => c.IsCode && (string?)c.Metadata["papermill"]?["status"] == "running")
                   ?? nb.Cells.FirstOrDefault(c => c.IsCode && c.ExecutionCount is null);
        if (cell is not null)
        {
            var index = nb.Cells.IndexOf(cell) + 1;
            cell.Outputs.Add(Outputs.Error("ProcessDied", $"cell {index} (id {cell.Id}): {message}", [message, .. lastLines]));
            if (cell.Metadata["papermill"] is JsonObject pm) { pm["status"] = "failed"; pm["exception"] = true; }
            PapermillRecord.InsertErrorCells(nb, cell);
        }
        PapermillRecord.Of(nb)["exception"] = true;
        NotebookFile.Write(nb, outputNotebook);
        return nb.Cells.Count(c => c.IsCode && c.ExecutionCount is not null);
    }

    private static Notebook? SafeRead(string path)
    {
        try { return File.Exists(path) ? NotebookFile.Read(path) : null; }
        catch (NotebookFormatException) { return null; }
    }
}
