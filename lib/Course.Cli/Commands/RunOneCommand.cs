using System.CommandLine;
using Course.Cli.Running;

namespace Course.Cli.Commands;

/// <summary>The hidden <c>labs run-one</c>: what each notebook's child process runs.</summary>
public static class RunOneCommand
{
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook");
        var outputNotebook = new Option<string>("--output-notebook") { Required = true };
        var result = new Option<string>("--result") { Required = true };
        var parameters = new Option<string[]>("--parameter", "-p");
        var profile = new Option<string?>("--profile");
        var timeout = new Option<double?>("--timeout");
        var continueOnError = new Option<bool>("--continue-on-error");
        var parameterFiles = new Option<string[]>("--parameters-file", "-f");
        var command = new Command("run-one", "Run one notebook in this process (used by `labs run`).")
        {
            notebook, outputNotebook, result, parameters, profile, timeout, continueOnError, parameterFiles,
        };
        command.Hidden = true;
        command.SetAction(r =>
        {
            var code = SingleNotebookRun.Execute(r.GetValue(notebook)!, r.GetValue(outputNotebook)!, r.GetValue(result)!,
                new NotebookSettings(r.GetValue(parameters) ?? [], r.GetValue(profile), r.GetValue(timeout), r.GetValue(continueOnError), r.GetValue(parameterFiles)));
            Console.Error.Flush();
            // A cell that ignored its cancellation may still be running: end the process regardless.
            Environment.Exit(code);
            return code;
        });
        return command;
    }
}
