using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Grading.Sandbox;
using Course.Notebooks.Contract;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;

namespace Course.Grading.Grade;

/// <summary>The outcome of running one submission: what the grader saw and wrote.</summary>
/// <param name="Status">How it ended, decided by the grader.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Executed">The executed notebook, written by the grader from the worker's replies (partial when it stopped).</param>
/// <param name="Elapsed">Wall time from start to the last process's end.</param>
/// <param name="PeakMegabytes">The submission's peak memory (its cgroup's); 0 when unknown.</param>
/// <param name="ErrorTail">The end of the worker's standard error (diagnostics only, never matched).</param>
public sealed record SubmissionRun(SubmissionStatus Status, string Reason, Notebook Executed, TimeSpan Elapsed, long PeakMegabytes, string ErrorTail);

/// <summary>
/// Runs one prepared submission cell by cell in its own sandbox and cgroup. The worker inside (<c>labs
/// sandbox-worker</c>) receives each cell's source only when its turn comes, under a fresh nonce, and answers over the
/// authenticated channel; the grader times every reply itself, writes the executed notebook and decides the status.
/// Whatever the submission does, this returns by the total limit plus a few seconds and leaves no process behind.
/// </summary>
public static class SubmissionRunner
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="prepared"/> (the key's tests in place, parameters injected) for <paramref name="student"/>;
    /// <paramref name="visibleNotebook"/> is the host file shown in the sandbox (no hidden tests), <paramref name="executedPath"/>
    /// where the executed notebook is saved after every cell.
    /// </summary>
    public static async Task<SubmissionRun> RunAsync(GradingSetup setup, string student, Notebook prepared, string visibleNotebook,
        string executedPath, CancellationToken cancel = default)
    {
        var limits = setup.Limits;
        var clock = Stopwatch.StartNew();
        var executed = prepared.Clone();
        foreach (var c in executed.Cells) { c.Outputs.Clear(); c.ExecutionCount = null; }
        PapermillRecord.Start(executed, DateTime.UtcNow, null, executedPath);
        void Save() => NotebookFile.Write(executed, executedPath);

        using var worker = Start(setup, student, visibleNotebook);
        var run = new Run(worker, limits, clock, cancel);
        var status = SubmissionStatus.Completed;
        string reason = "";
        Cell? firstFailed = null;
        try
        {
            var hello = new WorkerHello
            {
                Nonce = FrameChannel.NewNonce(), Key = Convert.ToHexStringLower(worker.Channel.Key = FrameChannel.NewKey()),
                WorkingDirectory = setup.View.WorkFolder, CellTimeoutSeconds = limits.CellTimeout.TotalSeconds,
                GraceSeconds = limits.CancellationGrace.TotalSeconds, MaxStreamChars = limits.MaxCellOutputBytes,
                MaxOutputs = limits.MaxOutputsPerCell, MaxReplyBytes = limits.MaxCellOutputBytes,
            };
            var ready = await run.ExchangeAsync(hello, limits.TotalTimeout);
            // No student code runs before 'ready': whatever stops the worker before it (a missing program, bwrap's own
            // error, stray text on the channel) is the sandbox's or the grader's failure, never the student's.
            if (ready.Outcome is { } startFailed)
                (status, reason) = (SubmissionStatus.GraderError,
                    $"the sandbox or its worker did not start ({startFailed.Reason}; worker: {string.Join(' ', setup.View.WorkerCommand)}): {LastLine(worker.ErrorTail)}");
            else if (ready.Reply is not WorkerReady) (status, reason) = (SubmissionStatus.Tampered, "the worker did not answer the hello with 'ready'");

            long keptBytes = 0;
            int executionCount = 0;
            var cells = executed.Cells.ToList();
            for (int i = 0; i < cells.Count && status == SubmissionStatus.Completed; i++)
            {
                var cell = cells[i];
                if (!cell.IsCode) continue;
                cell.ExecutionCount = ++executionCount;
                var start = DateTime.UtcNow;
                PapermillRecord.CellStarted(cell, start);
                var request = new WorkerRunCell
                {
                    Seq = executionCount, Nonce = FrameChannel.NewNonce(), Index = i + 1, Id = cell.Id, Source = cell.Source,
                    ExecutionCount = executionCount,
                };
                var answer = await run.ExchangeAsync(request, limits.CellTimeout + limits.CancellationGrace + Slack);
                if (answer.Outcome is { } stopped)
                {
                    (status, reason) = stopped;
                    reason = $"{reason} (in cell {i + 1}, id {cell.Id})";
                    cell.Outputs.Add(Outputs.Error(status.ToString(), $"cell {i + 1} (id {cell.Id}): {stopped.Reason}", [stopped.Reason]));
                    PapermillRecord.CellEnded(cell, start, DateTime.UtcNow, failed: true);
                    firstFailed ??= cell;
                    break;
                }
                var done = (WorkerCellDone)answer.Reply!;
                foreach (var output in done.Outputs.OfType<JsonObject>())
                {
                    long size = output.ToJsonString().Length;
                    bool essential = (string?)output["output_type"] is "error" or "execute_result";
                    if (keptBytes + size > limits.MaxNotebookOutputBytes && !essential) continue;
                    keptBytes += size;
                    cell.Outputs.Add(output.DeepClone().AsObject());
                }
                if (keptBytes > limits.MaxNotebookOutputBytes && cell.Outputs.Count < done.Outputs.Count)
                    cell.Outputs.Add(Outputs.Stream("stderr", $"[outputs not kept: a notebook keeps at most {limits.MaxNotebookOutputBytes:N0} bytes of outputs]\n"));
                bool failed = done.Status != WorkerCellDone.Statuses.Completed;
                PapermillRecord.CellEnded(cell, start, DateTime.UtcNow, failed);
                if (failed) firstFailed ??= cell;
                if (done.Status == WorkerCellDone.Statuses.TimedOut)
                    (status, reason) = (SubmissionStatus.CellTimeout, $"cell {i + 1} (id {cell.Id}) ran past the per-cell limit of {limits.CellTimeout.TotalSeconds:0} s");
                Save();
                worker.Observe();
            }
            if (status == SubmissionStatus.Completed)
            {
                reason = firstFailed is null ? "all cells ran" : "all cells ran; some raised errors";
                // Nothing the notebook process says after its last reply is read.
                await worker.SendAsync(new WorkerExit { Seq = executionCount + 1, Nonce = FrameChannel.NewNonce() }, TimeSpan.FromSeconds(2));
                await worker.WaitAsync(TimeSpan.FromSeconds(3));
            }
        }
        finally
        {
            worker.Kill();
            if (firstFailed is not null) PapermillRecord.InsertErrorCells(executed, firstFailed);
            PapermillRecord.End(executed, DateTime.UtcNow - clock.Elapsed, DateTime.UtcNow, firstFailed is not null);
            Save();
        }
        return new SubmissionRun(status, reason, executed, clock.Elapsed, worker.PeakMegabytes, worker.ErrorTail);
    }

    private static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "it wrote nothing on its standard error" : lines[^1];
    }

    private static WorkerProcess Start(GradingSetup setup, string student, string visibleNotebook)
    {
        var view = setup.View;
        var cgroup = setup.Isolation.Cgroups?.Create(student, setup.Limits.MemoryMegabytes * 1024 * 1024, setup.Limits.MaxTasks);
        try
        {
            if (setup.Isolation.Sandbox is { } bwrap)
            {
                long tmpfs = setup.Limits.MemoryMegabytes > 0 ? setup.Limits.MemoryMegabytes : 1024;
                var command = new List<string> { bwrap.Path };
                command.AddRange(bwrap.Arguments(view, tmpfs, visibleNotebook));
                return WorkerProcess.Start(command, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, "/", cgroup, setup.Limits.MaxCellOutputBytes + (64 << 10));
            }
            return WorkerProcess.Start(view.WorkerCommand, view.Environment, view.WorkFolder, cgroup, setup.Limits.MaxCellOutputBytes + (64 << 10));
        }
        catch
        {
            cgroup?.Dispose();
            throw;
        }
    }

    /// <summary>One exchange's result: the reply, or how the submission stopped instead.</summary>
    private readonly record struct Answer(WorkerMessage? Reply, (SubmissionStatus Status, string Reason)? Outcome);

    /// <summary>Sends requests and reads their replies under the grader's own clock.</summary>
    private sealed class Run(WorkerProcess worker, Limits limits, Stopwatch clock, CancellationToken cancel)
    {
        public async Task<Answer> ExchangeAsync(WorkerMessage request, TimeSpan cellLimit)
        {
            var totalLeft = limits.TotalTimeout - clock.Elapsed;
            var patience = cellLimit < totalLeft ? cellLimit : totalLeft;
            bool total = totalLeft <= cellLimit;
            if (patience <= TimeSpan.Zero) return Stop(SubmissionStatus.TotalTimeout, $"ran past the total limit of {limits.TotalTimeout.TotalSeconds:0} s and was stopped");
            if (!await worker.SendAsync(request, TimeSpan.FromSeconds(10)))
                return await Died("the notebook process stopped reading its cells");
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timer.CancelAfter(patience);
            try
            {
                var reply = await worker.Channel.ReceiveAsync(timer.Token);
                if (reply.Seq != request.Seq || reply.Nonce != request.Nonce || !Answers(request, reply))
                    return Stop(SubmissionStatus.Tampered, $"the notebook process sent a '{reply.GetType().Name}' out of turn (a forged reply?)");
                return new Answer(reply, null);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                return total
                    ? Stop(SubmissionStatus.TotalTimeout, $"ran past the total limit of {limits.TotalTimeout.TotalSeconds:0} s and was stopped")
                    : Stop(SubmissionStatus.CellTimeout, $"a cell ran past the per-cell limit of {limits.CellTimeout.TotalSeconds:0} s and did not stop; the grader stopped it");
            }
            catch (ProtocolViolationException e)
            {
                return Stop(SubmissionStatus.Tampered, $"the notebook process broke the grading protocol: {e.Message}");
            }
            catch (EndOfStreamException)
            {
                return await Died(null);
            }
        }

        private static bool Answers(WorkerMessage request, WorkerMessage reply)
            => (request, reply) is (WorkerHello, WorkerReady) or (WorkerRunCell, WorkerCellDone);

        private Answer Stop(SubmissionStatus status, string reason)
        {
            worker.Kill();
            return new Answer(null, (status, reason));
        }

        private async Task<Answer> Died(string? what)
        {
            var code = await worker.WaitAsync(TimeSpan.FromSeconds(5));
            worker.Kill();
            if (worker.OomKilled)
                return new Answer(null, (SubmissionStatus.MemoryLimit, $"used more than {limits.MemoryMegabytes} MB and was stopped by its memory cgroup"));
            string how = what ?? "the notebook process " + (code is { } c ? ExitCodes.DescribeDeath(c) : "closed its channel");
            return new Answer(null, (SubmissionStatus.ProcessDied, how));
        }
    }
}
