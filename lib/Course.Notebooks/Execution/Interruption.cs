using System.Runtime.CompilerServices;

namespace Course.Notebooks.Execution;

/// <summary>
/// Stops a cell's CPU-bound loop that never looks at its cancellation token: the engine puts <see cref="Poll"/> at the top of
/// every loop body and method body of cell code (see <see cref="InterruptGuard"/>), and <see cref="Poll"/> throws an
/// <see cref="OperationCanceledException"/> once the running cell is interrupted or timed out. Library code is not
/// rewritten; it stops where it observes the token (Course.Labs' training loops do).
/// </summary>
public static class Interruption
{
    private static volatile bool requested;
    private static CancellationToken current;
    private static CancellationTokenRegistration registration;
    private static readonly object Gate = new();

    /// <summary>Makes <paramref name="cancel"/> the token <see cref="Poll"/> answers to, for the cell about to run.</summary>
    public static void Arm(CancellationToken cancel)
    {
        lock (Gate)
        {
            registration.Dispose();
            current = cancel;
            requested = cancel.IsCancellationRequested;
            registration = cancel.Register(() => requested = true);
        }
    }

    /// <summary>
    /// Ends <see cref="Arm"/>'s watch when its cell has finished: a thread the cell left running (a student's background
    /// loop) is not stopped by what later happens to that cell's token; the next cell arms its own.
    /// </summary>
    public static void Disarm(CancellationToken cancel)
    {
        lock (Gate)
        {
            if (current != cancel) return;
            registration.Dispose();
            registration = default;
            current = default;
            requested = false;
        }
    }

    /// <summary>Throws when the running cell was interrupted; a single field read otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Poll()
    {
        if (requested) Throw();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw() => throw new OperationCanceledException("The cell was interrupted.", current);
}
