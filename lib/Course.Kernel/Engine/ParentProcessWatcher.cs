using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Course.Kernel.Engine;

/// <summary>
/// Ends the kernel when the process that started it is gone, as ipykernel's parent poller does: Jupyter puts its own
/// process id in <c>JPY_PARENT_PID</c>, and a front end that dies without a shutdown request (killed, crashed) must not
/// leave a kernel, and the memory its notebook holds, behind. The parent counts as gone when its process no longer
/// exists, or when this process has been handed to another parent (its parent exited, even if not yet reaped).
/// </summary>
public sealed class ParentProcessWatcher : IDisposable
{
    /// <summary>The variable Jupyter sets to its process id when it starts a kernel.</summary>
    public const string Variable = "JPY_PARENT_PID";

    private readonly int parent;
    private readonly bool wasOurParent;
    private readonly Action<string> onGone;
    private readonly Timer timer;
    private int fired;

    /// <summary>Watches <paramref name="parentPid"/> every <paramref name="interval"/>; calls <paramref name="onGone"/> once, with the reason, when it is gone.</summary>
    public ParentProcessWatcher(int parentPid, Action<string> onGone, TimeSpan interval)
    {
        parent = parentPid;
        this.onGone = onGone;
        wasOurParent = ParentOfThisProcess() == parentPid;
        timer = new Timer(_ => Check(), null, interval, interval);
    }

    /// <summary>A watcher for <c>JPY_PARENT_PID</c>, or null when it is unset, 0 or not a process id (a kernel started by hand).</summary>
    public static ParentProcessWatcher? FromEnvironment(Action<string> onGone, TimeSpan interval)
        => int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0
            ? new ParentProcessWatcher(pid, onGone, interval)
            : null;

    /// <summary>Whether the watched process is still there.</summary>
    public bool ParentAlive => Reason() is null;

    private string? Reason()
    {
        if (!Exists(parent)) return $"the front end that started it (process {parent}, {Variable}) has ended";
        if (wasOurParent && ParentOfThisProcess() is int now && now != parent)
            return $"the front end that started it (process {parent}, {Variable}) has ended; the kernel now belongs to process {now}";
        return null;
    }

    private void Check()
    {
        if (Volatile.Read(ref fired) == 1 || Reason() is not { } reason) return;
        if (Interlocked.Exchange(ref fired, 1) == 0) onGone(reason);
    }

    private static bool Exists(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }           // no such process
        catch (InvalidOperationException) { return false; }   // it ended while we looked
    }

    /// <summary>This process's parent id (Unix getppid), or null where there is none to ask.</summary>
    private static int? ParentOfThisProcess()
    {
        if (OperatingSystem.IsWindows()) return null;
        try { return getppid(); }
        catch (DllNotFoundException) { return null; }
        catch (EntryPointNotFoundException) { return null; }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int getppid();

    public void Dispose() => timer.Dispose();
}
