using System.CommandLine;
using Course.Cli.Reports;
using Course.Cli.Running;
using Course.Notebooks.Contract;

namespace Course.Cli.Commands;

/// <summary><c>labs run NOTEBOOK|FOLDER... [-o OUTDIR] [-p name=value]... [--profile NAME] [--timeout S] [--continue-on-error]</c>.</summary>
public static class RunCommand
{
    /// <summary>The default output folder.</summary>
    public const string DefaultOutput = "labs-output";

    public static Command Create()
    {
        var paths = new Argument<string[]>("notebooks") { Arity = ArgumentArity.OneOrMore, Description = "Notebooks (.ipynb) or folders of notebooks to run." };
        var output = new Option<string>("--output", "-o") { Description = $"Folder for the executed notebooks, their HTML pages and index.html (default ./{DefaultOutput}).", DefaultValueFactory = _ => DefaultOutput };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "A parameter override, name=value (repeatable); injected after the cell tagged \"parameters\".", AllowMultipleArgumentsPerToken = false };
        var profile = new Option<string?>("--profile") { Description = "A named parameter set (e.g. quick, default, full) from the notebook's metadata or NOTEBOOK.profiles.json." };
        var timeout = new Option<double?>("--timeout") { Description = "Per-cell timeout in seconds; a cell past it is cancelled and the run exits 3." };
        var continueOnError = new Option<bool>("--continue-on-error") { Description = "Keep running the cells after a failed one (the notebook still fails)." };
        var command = new Command("run", "Run notebooks headlessly, each in its own process; write executed notebooks, HTML pages and an index.")
        {
            paths, output, parameters, profile, timeout, continueOnError,
        };
        command.SetAction(result => Execute(
            result.GetValue(paths) ?? [], result.GetValue(output) ?? DefaultOutput,
            new NotebookSettings(result.GetValue(parameters) ?? [], result.GetValue(profile), result.GetValue(timeout), result.GetValue(continueOnError))));
        return command;
    }

    private static int Execute(string[] inputs, string outputFolder, NotebookSettings settings)
    {
        if (settings.Validate() is { } problem)
        {
            Console.Error.WriteLine($"labs run: {problem}");
            return ExitCodes.Usage;
        }
        var output = Path.GetFullPath(outputFolder);
        List<string> notebooks;
        try { notebooks = NotebookPaths.Expand(inputs, output); }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine($"labs run: {e.Message}");
            return ExitCodes.Usage;
        }
        if (notebooks.Count == 0)
        {
            Console.Error.WriteLine($"labs run: no .ipynb files in {string.Join(", ", inputs)}.");
            return ExitCodes.Usage;
        }
        Directory.CreateDirectory(output);
        var names = NotebookPaths.OutputNames(notebooks);
        var outcomes = new List<NotebookOutcome>();
        foreach (var notebook in notebooks)
        {
            Console.Error.WriteLine($"[{Path.GetFileName(notebook)}] running ({outcomes.Count + 1}/{notebooks.Count})");
            var outcome = ChildProcessRunner.Run(notebook, Path.Combine(output, names[notebook] + ".ipynb"), settings, Console.Error);
            outcomes.Add(outcome with { OutputHtml = ReportWriter.WritePage(outcome) });
            if (ChildProcessRunner.StopSignal is { } signal)
            {
                Console.Error.WriteLine($"labs run: stopped by {signal}; {notebooks.Count - outcomes.Count} notebook(s) not run.");
                break;
            }
        }
        var index = ReportWriter.WriteIndex(output, outcomes);
        SummaryTable.Write(Console.Out, outcomes);
        Console.Out.WriteLine($"Report: {index}");
        return ExitCodes.Worst(outcomes.Select(o => o.ExitCode));
    }
}
