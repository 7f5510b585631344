using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Course.Kernel.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace Course.Kernel.Server;

/// <summary>
/// A Jupyter kernel (messaging protocol 5.3) over ZeroMQ: heartbeat, shell, control, iopub and stdin sockets.
/// Shell requests run one at a time on a worker thread, so the control channel (interrupt, shutdown) is served
/// while a cell runs. Every message's signature is checked; a bad one is logged and dropped, never executed.
/// </summary>
public sealed class KernelServer : IDisposable
{
    private readonly ConnectionInfo connection;
    private readonly TextWriter log;
    private readonly WireFormat wire;
    private readonly string kernelSession = Guid.NewGuid().ToString("N");
    private readonly BlockingCollection<JupyterMessage> shellQueue = new();
    private readonly NetMQQueue<(NetMQSocket Socket, List<byte[]> Frames)> outbox = new();
    private readonly List<(int Line, string Code)> history = [];
    private readonly CancellationTokenSource stopping = new();
    private RouterSocket? shell, control, stdin;
    private PublisherSocket? iopub;
    private ResponseSocket? heartbeat;
    private NetMQPoller? poller;
    private readonly IKernelSession session;
    private CancellationTokenSource cellCancel = new();
    private int executionCount;

    /// <summary>A server for one session, made by <paramref name="newSession"/> (a kernel process serves one session: a restart is a new process).</summary>
    public KernelServer(ConnectionInfo connection, Func<IKernelSession> newSession, TextWriter log)
    {
        this.connection = connection;
        this.log = log;
        wire = new WireFormat(new MessageSigner(connection.Key));
        session = newSession();
    }

    /// <summary>Language facts for kernel_info_reply.</summary>
    public static JsonObject LanguageInfo => new()
    {
        ["name"] = "C#",
        ["version"] = "14.0",
        ["mimetype"] = "text/x-csharp",
        ["file_extension"] = ".cs",
        ["pygments_lexer"] = "csharp",
        ["codemirror_mode"] = "text/x-csharp",
    };

    /// <summary>Set once every socket is bound (or when binding failed and <see cref="Run"/> is about to throw).</summary>
    public ManualResetEventSlim Listening { get; } = new();

    /// <summary>Binds the sockets and serves until a shutdown_request (or <see cref="Stop"/>).</summary>
    public void Run()
    {
        using (shell = new RouterSocket())
        using (control = new RouterSocket())
        using (stdin = new RouterSocket())
        using (iopub = new PublisherSocket())
        using (heartbeat = new ResponseSocket())
        {
            try
            {
                shell.Bind(connection.Endpoint(connection.ShellPort));
                control.Bind(connection.Endpoint(connection.ControlPort));
                stdin.Bind(connection.Endpoint(connection.StdinPort));
                iopub.Bind(connection.Endpoint(connection.IopubPort));
                heartbeat.Bind(connection.Endpoint(connection.HeartbeatPort));
            }
            finally { Listening.Set(); }

            shell.ReceiveReady += (_, e) => Receive(e.Socket, m => shellQueue.Add(m));
            control.ReceiveReady += (_, e) => Receive(e.Socket, HandleControl);
            stdin.ReceiveReady += (_, e) => Receive(e.Socket, HandleStdin);
            heartbeat.ReceiveReady += (_, e) => e.Socket.SendMultipartBytes(e.Socket.ReceiveMultipartBytes());
            outbox.ReceiveReady += (_, e) =>
            {
                while (e.Queue.TryDequeue(out var item, TimeSpan.Zero)) item.Socket.SendMultipartBytes(item.Frames);
            };

            using (poller = new NetMQPoller { shell, control, stdin, heartbeat, outbox })
            {
                var worker = new Thread(ShellWorker) { IsBackground = true, Name = "kernel-shell" };
                worker.Start();
                poller.RunAsync();
                Publish(null, "status", new JsonObject { ["execution_state"] = "starting" });
                log.WriteLine($"kernel: listening on {connection.Ip} (shell {connection.ShellPort}, control {connection.ControlPort})");
                stopping.Token.WaitHandle.WaitOne();
                shellQueue.CompleteAdding();
                worker.Join(TimeSpan.FromSeconds(5));
                Thread.Sleep(100);   // let the last replies leave the outbox
                poller.Stop();
            }
        }
        session.Dispose();
    }

    /// <summary>Asks the server to stop (as a shutdown_request would).</summary>
    public void Stop() => stopping.Cancel();

    private void Receive(NetMQSocket socket, Action<JupyterMessage> handle)
    {
        var frames = socket.ReceiveMultipartBytes();
        JupyterMessage message;
        try { message = wire.Decode(frames); }
        catch (InvalidDataException e)
        {
            log.WriteLine($"kernel: dropped a message: {e.Message}");
            return;
        }
        try { handle(message); }
        catch (Exception e) { log.WriteLine($"kernel: {message.Type} failed: {e}"); }
    }

    private void ShellWorker()
    {
        foreach (var message in shellQueue.GetConsumingEnumerable())
        {
            Publish(message, "status", new JsonObject { ["execution_state"] = "busy" });
            try { HandleShell(message); }
            catch (Exception e)
            {
                log.WriteLine($"kernel: {message.Type} failed: {e}");
                Reply(shell!, message, message.Type.Replace("_request", "_reply"), Error("KernelError", e.Message, []));
            }
            Publish(message, "status", new JsonObject { ["execution_state"] = "idle" });
        }
    }

    private void HandleShell(JupyterMessage m)
    {
        var c = m.Content;
        switch (m.Type)
        {
            case "kernel_info_request": Reply(shell!, m, "kernel_info_reply", KernelInfo()); break;
            case "execute_request": Execute(m); break;
            case "complete_request":
            {
                string code = (string?)c["code"] ?? "";
                int cursor = Math.Clamp((int?)c["cursor_pos"] ?? code.Length, 0, code.Length);
                var r = session.CompleteAsync(code, cursor).GetAwaiter().GetResult();
                var metadata = new JsonObject();
                if (r.Types is { Count: > 0 } types)
                    metadata["_jupyter_types_experimental"] = new JsonArray(types.Select(t => (JsonNode)new JsonObject
                    {
                        ["start"] = r.CursorStart, ["end"] = r.CursorEnd, ["text"] = t.Text, ["type"] = t.Type, ["signature"] = t.Signature ?? "",
                    }).ToArray());
                Reply(shell!, m, "complete_reply", new JsonObject
                {
                    ["status"] = "ok", ["matches"] = new JsonArray(r.Matches.Select(x => (JsonNode)x).ToArray()),
                    ["cursor_start"] = r.CursorStart, ["cursor_end"] = r.CursorEnd, ["metadata"] = metadata,
                });
                break;
            }
            case "inspect_request":
            {
                string code = (string?)c["code"] ?? "";
                int cursor = Math.Clamp((int?)c["cursor_pos"] ?? code.Length, 0, code.Length);
                var r = session.InspectAsync(code, cursor, (int?)c["detail_level"] ?? 0).GetAwaiter().GetResult();
                var data = new JsonObject();
                if (r.Found)
                {
                    data["text/plain"] = r.PlainText;
                    if (r.Markdown is not null) data["text/markdown"] = r.Markdown;
                }
                Reply(shell!, m, "inspect_reply", new JsonObject { ["status"] = "ok", ["found"] = r.Found, ["data"] = data, ["metadata"] = new JsonObject() });
                break;
            }
            case "is_complete_request":
            {
                var r = session.IsComplete((string?)c["code"] ?? "");
                var reply = new JsonObject { ["status"] = r.Status };
                if (r.Status == "incomplete") reply["indent"] = r.Indent;
                Reply(shell!, m, "is_complete_reply", reply);
                break;
            }
            case "history_request": Reply(shell!, m, "history_reply", History(c)); break;
            case "comm_info_request": Reply(shell!, m, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }); break;
            case "comm_open":
                // No comm targets: close it right away, as the spec asks.
                Publish(m, "comm_close", new JsonObject { ["comm_id"] = c["comm_id"]?.DeepClone(), ["data"] = new JsonObject() });
                break;
            case "comm_msg" or "comm_close": break;
            case "shutdown_request": Shutdown(shell!, m); break;
            case "interrupt_request": Interrupt(shell!, m); break;
            default: log.WriteLine($"kernel: unknown shell message '{m.Type}' ignored"); break;
        }
    }

    private TaskCompletionSource<string?>? pendingInput;

    /// <summary>An input_reply answers the input_request the running cell waits on.</summary>
    private void HandleStdin(JupyterMessage m)
    {
        if (m.Type == "input_reply") pendingInput?.TrySetResult((string?)m.Content["value"] ?? "");
        else log.WriteLine($"kernel: unknown stdin message '{m.Type}' ignored");
    }

    /// <summary>
    /// Asks the front end for a line (an input_request on stdin, routed to the client that sent <paramref name="request"/>) and
    /// waits for its input_reply; null when the request does not allow stdin or the cell is interrupted meanwhile.
    /// </summary>
    internal string? RequestInput(JupyterMessage request, string prompt, bool password, CancellationToken cancel)
    {
        if (!((bool?)request.Content["allow_stdin"] ?? false)) return null;
        var answer = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pendingInput = answer;
        try
        {
            outbox.Enqueue((stdin!, wire.Encode(request.Child("input_request", new JsonObject { ["prompt"] = prompt, ["password"] = password }))));
            using var registration = cancel.Register(() => answer.TrySetResult(null));
            return answer.Task.GetAwaiter().GetResult();
        }
        finally { pendingInput = null; }
    }

    private void HandleControl(JupyterMessage m)
    {
        switch (m.Type)
        {
            case "interrupt_request": Interrupt(control!, m); break;
            case "shutdown_request": Shutdown(control!, m); break;
            case "kernel_info_request": Reply(control!, m, "kernel_info_reply", KernelInfo()); break;
            default: log.WriteLine($"kernel: unknown control message '{m.Type}' ignored"); break;
        }
    }

    private void Interrupt(NetMQSocket socket, JupyterMessage m)
    {
        cellCancel.Cancel();
        Reply(socket, m, "interrupt_reply", new JsonObject { ["status"] = "ok" });
    }

    /// <summary>
    /// Replies and stops, restart or not: a restart is the front end starting a new kernel process once this one has exited
    /// (jupyter_client waits for the exit, then sends SIGTERM after its grace period: exiting at once spares that wait).
    /// </summary>
    private void Shutdown(NetMQSocket socket, JupyterMessage m)
    {
        bool restart = (bool?)m.Content["restart"] ?? false;
        cellCancel.Cancel();
        Reply(socket, m, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
        log.WriteLine($"kernel: shutdown_request (restart: {restart})");
        stopping.Cancel();
    }

    private void Execute(JupyterMessage m)
    {
        var c = m.Content;
        string code = (string?)c["code"] ?? "";
        bool silent = (bool?)c["silent"] ?? false;
        bool storeHistory = !silent && ((bool?)c["store_history"] ?? true);
        bool stopOnError = (bool?)c["stop_on_error"] ?? true;
        if (storeHistory) executionCount++;
        int count = executionCount;
        if (!silent) Publish(m, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });
        if (storeHistory) lock (history) history.Add((count, code));

        cellCancel = new CancellationTokenSource();
        var output = new IopubOutput(this, m, count, silent, cellCancel.Token);
        ExecuteOutcome outcome;
        try { outcome = session.ExecuteAsync(code, output, cellCancel.Token).GetAwaiter().GetResult(); }
        catch (Exception e) { outcome = new ExecuteOutcome(false, e.GetType().Name, e.Message, [e.ToString()]); }

        if (!outcome.Ok)
        {
            var traceback = outcome.Traceback ?? [$"{outcome.EName}: {outcome.EValue}"];
            if (!silent) Publish(m, "error", Error(outcome.EName, outcome.EValue, traceback, withStatus: false));
            var reply = Error(outcome.EName, outcome.EValue, traceback);
            reply["execution_count"] = count;
            Reply(shell!, m, "execute_reply", reply);
            if (stopOnError) AbortQueuedExecutions();
            return;
        }

        var expressions = new JsonObject();
        if (c["user_expressions"] is JsonObject requested)
            foreach (var (name, expr) in requested)
            {
                try
                {
                    var data = session.EvaluateAsync((string?)expr ?? "", cellCancel.Token).GetAwaiter().GetResult();
                    expressions[name] = new JsonObject { ["status"] = "ok", ["data"] = data, ["metadata"] = new JsonObject() };
                }
                catch (Exception e) { expressions[name] = Error(e.GetType().Name, e.Message, [e.Message]); }
            }
        Reply(shell!, m, "execute_reply", new JsonObject
        {
            ["status"] = "ok", ["execution_count"] = count, ["user_expressions"] = expressions, ["payload"] = new JsonArray(),
        });
    }

    /// <summary>After an error with stop_on_error, execute requests already queued are answered 'aborted' and not run.</summary>
    private void AbortQueuedExecutions()
    {
        var keep = new List<JupyterMessage>();
        while (shellQueue.TryTake(out var queued))
        {
            if (queued.Type != "execute_request") { keep.Add(queued); continue; }
            Publish(queued, "status", new JsonObject { ["execution_state"] = "busy" });
            Reply(shell!, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = executionCount });
            Publish(queued, "status", new JsonObject { ["execution_state"] = "idle" });
        }
        foreach (var k in keep) shellQueue.Add(k);
    }

    private JsonObject History(JsonObject c)
    {
        List<(int Line, string Code)> items;
        lock (history) items = [.. history];
        string access = (string?)c["hist_access_type"] ?? "tail";
        if (access == "tail" && c["n"] is JsonNode n) items = items.TakeLast(Math.Max(0, (int)n)).ToList();
        if (access == "range")
        {
            int start = (int?)c["start"] ?? 0, stop = (int?)c["stop"] ?? int.MaxValue;
            items = items.Where(i => i.Line >= start && i.Line < stop).ToList();
        }
        if (access == "search" && (string?)c["pattern"] is { } pattern)
        {
            var regex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$",
                                                                 System.Text.RegularExpressions.RegexOptions.Singleline);
            items = items.Where(i => regex.IsMatch(i.Code)).ToList();
            if ((bool?)c["unique"] ?? false)
                items = items.GroupBy(i => i.Code).Select(g => g.Last()).OrderBy(i => i.Line).ToList();
            if (c["n"] is JsonNode searchN && (int)searchN > 0) items = items.TakeLast((int)searchN).ToList();
        }
        bool output = (bool?)c["output"] ?? false;
        var list = new JsonArray(items.Select(i => (JsonNode)(output
            ? new JsonArray(0, i.Line, new JsonArray(i.Code, null))
            : new JsonArray(0, i.Line, i.Code))).ToArray());
        return new JsonObject { ["status"] = "ok", ["history"] = list };
    }

    private static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "labs-csharp",
        ["implementation_version"] = typeof(KernelServer).Assembly.GetName().Version?.ToString() ?? "1.0",
        ["language_info"] = LanguageInfo,
        ["banner"] = "C# (Roslyn scripting) — the course's notebook kernel",
        ["help_links"] = new JsonArray(),
    };

    private static JsonObject Error(string name, string value, IReadOnlyList<string> traceback, bool withStatus = true)
    {
        var o = new JsonObject { ["ename"] = name, ["evalue"] = value, ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode)t).ToArray()) };
        if (withStatus) o["status"] = "error";
        return o;
    }

    private void Reply(NetMQSocket socket, JupyterMessage request, string type, JsonObject content)
        => outbox.Enqueue((socket, wire.Encode(request.Child(type, content))));

    internal void Publish(JupyterMessage? parent, string type, JsonObject content)
    {
        var topic = new List<byte[]> { Encoding.UTF8.GetBytes($"kernel.{kernelSession}.{type}") };
        var message = parent is null
            ? new JupyterMessage(topic, JupyterMessage.NewHeader(type, kernelSession), [], [], content, [])
            : parent.Child(type, content, topic);
        outbox.Enqueue((iopub!, wire.Encode(message)));
    }

    public void Dispose()
    {
        stopping.Cancel();
        shellQueue.Dispose();
        outbox.Dispose();
    }

    /// <summary>Turns a cell's outputs into iopub messages parented to its execute_request.</summary>
    private sealed class IopubOutput(KernelServer server, JupyterMessage request, int count, bool silent, CancellationToken cancel) : IKernelOutput
    {
        public string? RequestInput(string prompt, bool password) => server.RequestInput(request, prompt, password, cancel);

        public string? Client => (string?)request.Header["username"];

        public void Stream(string name, string text)
        {
            if (!silent) server.Publish(request, "stream", new JsonObject { ["name"] = name, ["text"] = text });
        }

        public void DisplayData(JsonObject data, JsonObject metadata, string? displayId)
        {
            if (silent) return;
            var content = new JsonObject { ["data"] = data, ["metadata"] = metadata, ["transient"] = new JsonObject() };
            if (displayId is not null) content["transient"] = new JsonObject { ["display_id"] = displayId };
            server.Publish(request, "display_data", content);
        }

        public void UpdateDisplayData(JsonObject data, JsonObject metadata, string displayId)
        {
            if (!silent)
                server.Publish(request, "update_display_data", new JsonObject
                {
                    ["data"] = data, ["metadata"] = metadata, ["transient"] = new JsonObject { ["display_id"] = displayId },
                });
        }

        public void ExecuteResult(JsonObject data, JsonObject metadata)
        {
            if (!silent) server.Publish(request, "execute_result", new JsonObject { ["execution_count"] = count, ["data"] = data, ["metadata"] = metadata });
        }

        public void ClearOutput(bool wait)
        {
            if (!silent) server.Publish(request, "clear_output", new JsonObject { ["wait"] = wait });
        }
    }
}
