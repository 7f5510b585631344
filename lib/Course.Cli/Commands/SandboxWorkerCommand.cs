using System.CommandLine;
using Course.Notebooks.Worker;

namespace Course.Cli.Commands;

/// <summary>
/// The hidden <c>labs sandbox-worker</c>: what <c>labs grade</c> runs inside each submission's sandbox. It speaks the
/// worker protocol on its standard input and output (lib/Course.Grading/README.md) and writes diagnostics to standard error.
/// </summary>
public static class SandboxWorkerCommand
{
    public static Command Create()
    {
        var command = new Command("sandbox-worker", "Run the cells a grader sends over standard input (used by `labs grade`).") { Hidden = true };
        command.SetAction(_ =>
        {
            var code = CellWorker.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error).GetAwaiter().GetResult();
            Console.Error.Flush();
            // A cell that ignored its cancellation, or a thread a cell started, may still be running: end the process regardless.
            Environment.Exit(code);
            return code;
        });
        return command;
    }
}
