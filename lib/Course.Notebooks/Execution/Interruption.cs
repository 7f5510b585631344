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

    /// <summary>Throws when the running cell was interrupted; a single field read otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Poll()
    {
        if (requested) Throw();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw() => throw new OperationCanceledException("The cell was interrupted.", current);
}
