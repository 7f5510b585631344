using System.Runtime.InteropServices;

namespace Course.Labs.Training;

/// <summary>
/// Stops running <see cref="Trainer.Fit(Data.DataModule, int, CancellationToken)"/> calls between batches, keeping the model: on SIGINT (Ctrl-C on a
/// terminal, the Jupyter kernel's interrupt in signal mode) while a fit runs, or when a host calls
/// <see cref="Request"/> (e.g. a kernel that receives interrupt_request messages).
/// </summary>
public static class TrainingInterrupt
{
    private static readonly object Gate = new();
    private static readonly HashSet<CancellationTokenSource> Running = [];
    private static PosixSignalRegistration? sigint;

    /// <summary>Asks every running fit to stop after its current batch.</summary>
    public static void Request()
    {
        lock (Gate)
            foreach (var run in Running) run.Cancel();
    }

    /// <summary>A token for one fit, cancelled by <paramref name="caller"/>'s token, <see cref="Request"/> or SIGINT.</summary>
    internal static Scope Begin(CancellationToken caller, bool onSignal)
    {
        var run = CancellationTokenSource.CreateLinkedTokenSource(caller);
        lock (Gate)
        {
            Running.Add(run);
            if (onSignal && sigint is null && !OperatingSystem.IsBrowser())
                sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; Request(); });
        }
        return new Scope(run);
    }

    internal sealed class Scope(CancellationTokenSource run) : IDisposable
    {
        public CancellationToken Token => run.Token;

        public void Dispose()
        {
            lock (Gate)
            {
                Running.Remove(run);
                if (Running.Count == 0) { sigint?.Dispose(); sigint = null; }
            }
            run.Dispose();
        }
    }
}
