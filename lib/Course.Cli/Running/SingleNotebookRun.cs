using System.Text.Json;
using Course.Notebooks.Contract;
using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using Course.Notebooks.Parameters;

namespace Course.Cli.Running;

/// <summary>
/// Runs one notebook in this process (the hidden <c>run-one</c> command each notebook gets its own process for):
/// reads its <see cref="NotebookSettings"/> (JSON from the parent), injects parameters, executes, saves the notebook
/// after every cell (so a crash leaves what ran), and writes its <see cref="NotebookOutcome"/> for the parent.
/// Progress lines go to standard error.
/// </summary>
public static class SingleNotebookRun
{
    /// <summary>
    /// What one cell of a `labs run` may keep: far more than any lab prints, few enough that a notebook from elsewhere
    /// that prints without end cannot fill the memory or the executed notebook.
    /// </summary>
    public static readonly OutputLimits OutputLimit = new(MaxStreamChars: 32L << 20, MaxOutputs: 10_000);

    /// <summary>Runs it and returns the exit code (0, 1, 2 or 3).</summary>
    public static int Execute(string notebookPath, string outputNotebook, string resultPath, string settingsJson)
    {
        var progress = Console.Error;
        var name = Path.GetFileName(notebookPath);
        Notebook nb;
        IReadOnlyDictionary<string, object?> parameters;
        var warnings = new List<string>();
        NotebookSettings settings;
        try
        {
            settings = NotebookSettings.FromJson(settingsJson);
            nb = NotebookFile.Read(notebookPath);
            parameters = settings.Resolve(nb, notebookPath, warnings);
        }
        catch (Exception e) when (e is NotebookFormatException or ProfileNotFoundException or ArgumentException or IOException or JsonException or FormatException)
        {
            progress.WriteLine($"[{name}] error: {e.Message}");
            new NotebookOutcome
            {
                Notebook = notebookPath, Status = NotebookOutcome.Statuses.Usage, ExitCode = ExitCodes.Usage, Error = e.Message,
            }.Write(resultPath);
            return ExitCodes.Usage;
        }
        if (ParameterInjector.Inject(nb, parameters) is { } warning) warnings.Add(warning);
        foreach (var w in warnings) progress.WriteLine($"[{name}] warning: {w}");

        var options = new RunOptions
        {
            CellTimeout = settings.TimeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : null,
            ContinueOnError = settings.ContinueOnError,
            OutputLimits = OutputLimit,
            CellStarting = (notebook, p) =>
            {
                NotebookFile.Write(notebook, outputNotebook);
                progress.WriteLine($"[{name}] cell {p.CodeCellNumber}/{p.CodeCellCount} started (notebook {p.Cell}) at {p.Elapsed.TotalSeconds:0.0} s");
            },
            CellFinished = (notebook, p) =>
            {
                NotebookFile.Write(notebook, outputNotebook);
                progress.WriteLine($"[{name}] cell {p.CodeCellNumber}/{p.CodeCellCount} {p.Status?.ToString().ToLowerInvariant()} at {p.Elapsed.TotalSeconds:0.0} s");
            },
        };
        var result = NotebookRunner.RunAsync(nb, options, Path.GetFullPath(notebookPath), Path.GetFullPath(outputNotebook)).GetAwaiter().GetResult();
        NotebookFile.Write(result.Notebook, outputNotebook);
        var (status, code) = result.Status switch
        {
            RunStatus.Passed => (NotebookOutcome.Statuses.Passed, ExitCodes.Passed),
            RunStatus.TimedOut => (NotebookOutcome.Statuses.TimedOut, ExitCodes.Timeout),
            _ => (NotebookOutcome.Statuses.Failed, ExitCodes.CellError),
        };
        new NotebookOutcome
        {
            Notebook = notebookPath, Status = status, ExitCode = code, CellsRun = result.CellsRun,
            CodeCells = result.Notebook.Cells.Count(c => c.IsCode), DurationSeconds = result.Duration.TotalSeconds,
            Error = result.FirstError, Warnings = warnings, OutputNotebook = outputNotebook,
        }.Write(resultPath);
        progress.WriteLine($"[{name}] {status} in {result.Duration.TotalSeconds:0.0} s");
        return code;
    }
}
