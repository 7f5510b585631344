using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Course.Kernel.Protocol;
using Course.Kernel.Server;

namespace Course.Kernel.Tests;

/// <summary>Runs a kernel on free local ports with a <see cref="ScriptedSession"/>, and drives it with Debian's jupyter_client.</summary>
public sealed class KernelFixture : IDisposable
{
    public ConnectionInfo Connection { get; private set; } = new();
    public string ConnectionFile { get; }
    public StringWriter Log { get; } = new();
    public List<ScriptedSession> Sessions { get; } = [];
    private readonly KernelServer server;
    private readonly Thread thread;

    public KernelFixture()
    {
        // A port found free can be taken before the kernel binds it (other kernels start in parallel): retry with new ports.
        for (int attempt = 1; ; attempt++)
        {
            Connection = new ConnectionInfo
            {
                ShellPort = FreePort(), IopubPort = FreePort(), StdinPort = FreePort(), ControlPort = FreePort(), HeartbeatPort = FreePort(),
                Key = Guid.NewGuid().ToString(), KernelName = "labs-test",
            };
            var candidate = new KernelServer(Connection, () => { var s = new ScriptedSession(); lock (Sessions) Sessions.Add(s); return s; }, TextWriter.Synchronized(Log));
            Exception? failure = null;
            var runner = new Thread(() => { try { candidate.Run(); } catch (Exception e) { failure = e; } }) { IsBackground = true };
            runner.Start();
            Assert.True(candidate.Listening.Wait(TimeSpan.FromSeconds(30)), "the kernel did not bind its sockets in 30 s");
            // A failed bind ends the thread right after Listening is set; a good one keeps serving.
            if (!runner.Join(TimeSpan.FromMilliseconds(500))) { server = candidate; thread = runner; break; }
            if (attempt == 5) throw failure ?? new InvalidOperationException("the kernel stopped right after binding");
        }
        ConnectionFile = Path.Combine(Path.GetTempPath(), $"kernel-{Guid.NewGuid():N}.json");
        File.WriteAllText(ConnectionFile, JsonSerializer.Serialize(Connection));
    }

    /// <summary>A TCP port free on the loopback interface now (another process may take it before it is bound).</summary>
    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Runs a Python script with <c>kc</c>, a started BlockingKernelClient, and returns its stdout parsed as JSON.</summary>
    public JsonElement Client(string body, int timeoutSeconds = 30)
    {
        string script = $$"""
            import json, sys, time
            import jupyter_client
            kc = jupyter_client.BlockingKernelClient(connection_file=sys.argv[1])
            kc.load_connection_file()
            kc.start_channels()
            kc.wait_for_ready(timeout=10)
            def ensure_iopub():
                # ZeroMQ drops what a PUB socket sends before the SUB side has joined: wait until a status message
                # of our own request arrives, so no test output is lost to a slow join.
                for _ in range(50):
                    msg_id = kc.kernel_info()
                    deadline = time.time() + 0.5
                    seen = False
                    while time.time() < deadline and not seen:
                        try:
                            m = kc.get_iopub_msg(timeout=0.1)
                            seen = m['parent_header'].get('msg_id') == msg_id
                        except Exception:
                            pass
                    kc.get_shell_msg(timeout=10)
                    if seen:
                        while True:
                            try: kc.get_iopub_msg(timeout=0.2)
                            except Exception: return
                raise RuntimeError('iopub never connected')
            ensure_iopub()
            def run(code, **kw):
                msg_id = kc.execute(code, **kw)
                outputs = []
                while True:
                    m = kc.get_iopub_msg(timeout=10)
                    if m['parent_header'].get('msg_id') != msg_id: continue
                    if m['msg_type'] == 'status' and m['content']['execution_state'] == 'idle': break
                    outputs.append({'type': m['msg_type'], 'content': m['content']})
                reply = kc.get_shell_msg(timeout=10)
                return {'reply': reply['content'], 'outputs': outputs}
            result = {}
            {{body}}
            print(json.dumps(result))
            kc.stop_channels()
            """;
        string path = Path.Combine(Path.GetTempPath(), $"client-{Guid.NewGuid():N}.py");
        File.WriteAllText(path, script);
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/python3", [path, ConnectionFile]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutSeconds * 1000)) { p.Kill(true); throw new TimeoutException("the Python client did not finish: " + Log); }
            Assert.True(p.ExitCode == 0, $"python client failed ({p.ExitCode}): {stderr.Result}\nkernel log: {Log}");
            return JsonDocument.Parse(stdout.Result).RootElement;
        }
        finally { File.Delete(path); }
    }

    /// <summary>Whether the server stopped serving (its Run returned) within <paramref name="timeout"/>.</summary>
    public bool WaitStopped(TimeSpan timeout) => thread.Join(timeout);

    public void Dispose()
    {
        server.Stop();
        thread.Join(TimeSpan.FromSeconds(10));
        File.Delete(ConnectionFile);
    }
}
