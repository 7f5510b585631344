using System.Collections.Concurrent;
using System.Diagnostics;

namespace Course.Grading.Sandbox;

/// <summary>
/// Starts processes from one thread that lives as long as the grader. bwrap's <c>--die-with-parent</c> is the kernel's
/// parent-death signal, which fires when the THREAD that forked the child ends, not the process: a worker started from
/// a thread-pool thread was killed (SIGKILL, exit 137, mid-cell) whenever the pool retired that thread, so long
/// submissions died at random on a loaded machine. Forking from this thread only, the signal fires when the grader does.
/// </summary>
public static class ProcessSpawner
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = new();

    private static readonly Thread Spawner = StartThread();

    private static Thread StartThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var (start, started) in Requests.GetConsumingEnumerable())
            {
                try { started.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}")); }
                catch (Exception e) { started.SetException(e); }
            }
        })
        { IsBackground = true, Name = "labs grader: process spawner" };
        thread.Start();
        return thread;
    }

    /// <summary>The thread every process is forked from (for tests).</summary>
    public static int ManagedThreadId => Spawner.ManagedThreadId;

    /// <summary>Starts <paramref name="start"/> from the spawner thread and returns the process.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }
}
