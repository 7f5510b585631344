using System.Diagnostics;
using System.Text;
using Course.Notebooks.Contract;

namespace Course.Grading.Sandbox;

/// <summary>
/// One submission's running worker: the process (in its sandbox and cgroup), the protocol channel on its standard input
/// and output, and the tail of its standard error (only the last <see cref="TailBytes"/> are kept, however much it
/// writes). Disposing kills everything in the cgroup and the sandbox and removes the cgroup; nothing here ever waits on
/// a pipe without a deadline.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    /// <summary>How much of standard error is kept.</summary>
    public const int TailBytes = 16 * 1024;

    private readonly Process process;
    private readonly CgroupLease? cgroup;
    private readonly byte[] tail = new byte[TailBytes];
    private long tailWritten;
    private readonly Task tailReader;

    private WorkerProcess(Process process, CgroupLease? cgroup, int maxReplyBytes)
    {
        this.process = process;
        this.cgroup = cgroup;
        Channel = new FrameChannel(process.StandardOutput.BaseStream, process.StandardInput.BaseStream, maxReplyBytes);
        tailReader = Task.Run(ReadTailAsync);
    }

    /// <summary>The channel to the worker.</summary>
    public FrameChannel Channel { get; }

    /// <summary>The process id (of the outermost process: the cgroup join, then bwrap).</summary>
    public int Id => process.Id;

    /// <summary>
    /// Starts the worker: <paramref name="command"/> (the worker, or bwrap running it) wrapped to enter
    /// <paramref name="cgroup"/> first, with exactly <paramref name="environment"/>.
    /// </summary>
    public static WorkerProcess Start(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string workingDirectory,
        CgroupLease? cgroup, int maxReplyBytes)
    {
        var psi = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        if (cgroup is not null) psi = cgroup.Wrap(psi);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {psi.FileName}");
        return new WorkerProcess(process, cgroup, maxReplyBytes);
    }

    private async Task ReadTailAsync()
    {
        var chunk = new byte[64 * 1024];
        var stream = process.StandardError.BaseStream;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk)) > 0)
                lock (tail)
                {
                    // Only the chunk's last TailBytes can survive: copy those into the ring, in at most two pieces.
                    int skip = Math.Max(0, read - TailBytes);
                    tailWritten += skip;
                    for (int from = skip; from < read;)
                    {
                        int at = (int)(tailWritten % TailBytes), n = Math.Min(read - from, TailBytes - at);
                        Buffer.BlockCopy(chunk, from, tail, at, n);
                        from += n;
                        tailWritten += n;
                    }
                }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException) { }
    }

    /// <summary>The last bytes the worker wrote to standard error, as text.</summary>
    public string ErrorTail
    {
        get
        {
            lock (tail)
            {
                if (tailWritten <= TailBytes) return Encoding.UTF8.GetString(tail, 0, (int)tailWritten);
                int start = (int)(tailWritten % TailBytes);
                return "…" + Encoding.UTF8.GetString([.. tail[start..], .. tail[..start]]);
            }
        }
    }

    /// <summary>How much the worker wrote to standard error in all.</summary>
    public long ErrorBytes { get { lock (tail) return tailWritten; } }

    /// <summary>Sends a message, giving up (and killing the worker) when it is not taken within <paramref name="patience"/>.</summary>
    public async Task<bool> SendAsync(WorkerMessage message, TimeSpan patience)
    {
        var send = Task.Run(() => Channel.Send(message));
        try { await send.WaitAsync(patience); return true; }
        catch (TimeoutException) { Kill(); }
        catch (IOException) { }
        return false;
    }

    /// <summary>Waits for the process to end, at most <paramref name="patience"/>; its exit code, or null when it still runs.</summary>
    public async Task<int?> WaitAsync(TimeSpan patience)
    {
        try { await process.WaitForExitAsync().WaitAsync(patience); return process.ExitCode; }
        catch (TimeoutException) { return null; }
    }

    private long processPeakKilobytes;

    /// <summary>
    /// Reads what the worker used so far while it lives: its cgroup's figures (see <see cref="CgroupLease.Observe"/>), or
    /// without a cgroup the process's own peak resident memory (VmHWM), for the record only.
    /// </summary>
    public void Observe()
    {
        try
        {
            if (process.HasExited) return;
            if (cgroup is not null) { cgroup.Observe(process.Id); return; }
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal) && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kb))
                    processPeakKilobytes = Math.Max(processPeakKilobytes, kb);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException) { }
    }

    /// <summary>The peak memory in MB: the cgroup's (every process of the submission), else the worker process's; 0 when unknown.</summary>
    public long PeakMegabytes => cgroup is not null ? cgroup.PeakBytes / (1024 * 1024) : processPeakKilobytes / 1024;

    /// <summary>Whether the kernel killed a process of the submission at the memory limit.</summary>
    public bool OomKilled => cgroup?.OomKilled ?? false;

    /// <summary>Kills every process of the submission.</summary>
    public void Kill()
    {
        cgroup?.KillAll();
        try { process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        try { process.WaitForExit(TimeSpan.FromSeconds(5)); }
        catch (InvalidOperationException) { }
        cgroup?.Dispose();
        tailReader.Wait(TimeSpan.FromSeconds(2));
        process.Dispose();
    }
}
