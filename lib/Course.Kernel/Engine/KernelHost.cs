using Course.Kernel.Protocol;
using Course.Kernel.Server;

namespace Course.Kernel.Engine;

/// <summary>
/// What <c>labs kernel start -f FILE</c> runs: the kernel server with the notebook engine, logging to standard error
/// (Jupyter shows it in its log) and to a log file, so that a crash leaves a record of why.
/// </summary>
public static class KernelHost
{
    /// <summary>The log file: $LABS_KERNEL_LOG, else ~/.local/state/labs/kernel-PID.log.</summary>
    public static string LogPath()
    {
        if (Environment.GetEnvironmentVariable("LABS_KERNEL_LOG") is { Length: > 0 } path) return path;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".local", "state");
        return Path.Combine(state, "labs", $"kernel-{Environment.ProcessId}.log");
    }

    public static int Start(string connectionFile)
    {
        string logPath = LogPath();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        using var file = new StreamWriter(logPath, append: true) { AutoFlush = true };
        using var stderr = new StreamWriter(Console.OpenStandardError()) { AutoFlush = true };
        var log = TextWriter.Synchronized(new TeeWriter(stderr, file));
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            log.WriteLine($"{DateTime.UtcNow:O} kernel: crashed: {e.ExceptionObject}");
        log.WriteLine($"{DateTime.UtcNow:O} kernel: starting (pid {Environment.ProcessId}, connection file {connectionFile}, log {logPath})");
        ConnectionInfo info;
        try { info = ConnectionInfo.Read(connectionFile); }
        catch (InvalidDataException e)
        {
            log.WriteLine($"kernel: {e.Message}");
            return 2;
        }
        using var server = new KernelServer(info, () => new NotebookKernelSession(Environment.CurrentDirectory), log);
        using var parent = ParentProcessWatcher.FromEnvironment(reason =>
        {
            log.WriteLine($"{DateTime.UtcNow:O} kernel: {reason}; shutting down");
            server.Stop();
            // A cell that does not stop (a native call, a busy loop) must not keep the process alive.
            new Thread(() => { Thread.Sleep(TimeSpan.FromSeconds(10)); Environment.Exit(0); }) { IsBackground = true }.Start();
        }, TimeSpan.FromSeconds(1));
        try { server.Run(); }
        catch (NetMQ.AddressAlreadyInUseException)
        {
            log.WriteLine($"kernel: a port of {connectionFile} is already in use on {info.Ip} (shell {info.ShellPort}, iopub {info.IopubPort}, " +
                          $"stdin {info.StdinPort}, control {info.ControlPort}, hb {info.HeartbeatPort}); start the kernel again so the front end picks new ports.");
            return 3;
        }
        log.WriteLine($"{DateTime.UtcNow:O} kernel: shut down");
        return 0;
    }

    private sealed class TeeWriter(TextWriter a, TextWriter b) : TextWriter
    {
        public override System.Text.Encoding Encoding => a.Encoding;
        public override void Write(char value) { a.Write(value); b.Write(value); }
        public override void Write(string? value) { a.Write(value); b.Write(value); }
        public override void WriteLine(string? value) { a.WriteLine(value); b.WriteLine(value); }
    }
}
