using System.Diagnostics;
using System.Text.Json.Nodes;
using Course.Notebooks.Contract;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;

namespace Course.Notebooks.Worker;

/// <summary>
/// The notebook process of a grading (<c>labs sandbox-worker</c>, run inside the sandbox): it runs the cells the grader
/// sends, one at a time in one script state, and answers each with its outputs and status over the
/// <see cref="FrameChannel"/>. It writes no file the grader reads; the grader writes the executed notebook.
/// </summary>
public static class CellWorker
{
    /// <summary>The most bytes a request (a cell's source) may have.</summary>
    public const int MaxRequestBytes = 8 << 20;

    /// <summary>
    /// Serves one grading: <paramref name="requests"/> and <paramref name="replies"/> are the channel (standard input
    /// and output), <paramref name="diagnostics"/> the process's standard error. Returns the process's exit code.
    /// </summary>
    public static async Task<int> RunAsync(Stream requests, Stream replies, TextWriter diagnostics)
    {
        // Console output outside a cell (a thread that does not flow the cell's context) must never reach the channel.
        Console.SetOut(diagnostics);
        var channel = new FrameChannel(requests, replies, MaxRequestBytes);
        WorkerHello hello;
        try
        {
            hello = await channel.ReceiveAsync(CancellationToken.None) as WorkerHello
                    ?? throw new ProtocolViolationException("the first message is not a hello");
            if (hello.Protocol != FrameChannel.ProtocolVersion)
                throw new ProtocolViolationException($"protocol {hello.Protocol}; this worker speaks {FrameChannel.ProtocolVersion}");
            channel.Key = Convert.FromHexString(hello.Key);
        }
        catch (Exception e) when (e is ProtocolViolationException or EndOfStreamException or FormatException)
        {
            diagnostics.WriteLine($"labs sandbox-worker: {e.Message}");
            return ExitCodes.Usage;
        }

        var options = new RunOptions
        {
            CellTimeout = hello.CellTimeoutSeconds > 0 ? TimeSpan.FromSeconds(hello.CellTimeoutSeconds) : null,
            CancellationGrace = TimeSpan.FromSeconds(hello.GraceSeconds),
            OutputLimits = new OutputLimits(hello.MaxStreamChars, hello.MaxOutputs),
        };
        Directory.SetCurrentDirectory(hello.WorkingDirectory);
        var session = new ScriptSession(hello.WorkingDirectory);
        await ScriptSession.WarmUpAsync();
        channel.Send(new WorkerReady { Seq = hello.Seq, Nonce = hello.Nonce, Engine = typeof(CellWorker).Assembly.GetName().Version?.ToString() ?? "" });

        while (true)
        {
            WorkerMessage request;
            try { request = await channel.ReceiveAsync(CancellationToken.None); }
            catch (Exception e) when (e is ProtocolViolationException or EndOfStreamException)
            {
                diagnostics.WriteLine($"labs sandbox-worker: {e.Message}");
                return ExitCodes.Usage;
            }
            if (request is WorkerExit) return ExitCodes.Passed;
            if (request is not WorkerRunCell run)
            {
                diagnostics.WriteLine($"labs sandbox-worker: unexpected '{request.GetType().Name}'");
                return ExitCodes.Usage;
            }
            var reply = await RunCellAsync(session, run, options, hello.MaxReplyBytes);
            channel.Send(reply);
            if (reply.SessionBroken) return ExitCodes.Timeout;
        }
    }

    private static async Task<WorkerCellDone> RunCellAsync(ScriptSession session, WorkerRunCell run, RunOptions options, int maxReplyBytes)
    {
        var cell = Cell.Code(run.Source);
        cell.Id = run.Id;
        var clock = Stopwatch.StartNew();
        var outcome = await NotebookRunner.RunCellAsync(session, cell, new CellLabel(run.Index, run.Id), run.ExecutionCount, options, CancellationToken.None);
        string status = outcome.Status switch
        {
            CellStatus.Completed => WorkerCellDone.Statuses.Completed,
            CellStatus.TimedOut => WorkerCellDone.Statuses.TimedOut,
            _ => WorkerCellDone.Statuses.Failed,
        };
        var (outputs, trimmed) = ReplyBudget.Fit(cell.Outputs, maxReplyBytes - 4096);
        return new WorkerCellDone
        {
            Seq = run.Seq, Nonce = run.Nonce, Status = status, Outputs = outputs, DurationSeconds = clock.Elapsed.TotalSeconds,
            SessionBroken = outcome.SessionBroken, TrimmedBytes = trimmed,
        };
    }
}
