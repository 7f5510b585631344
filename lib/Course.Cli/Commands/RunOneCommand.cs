using System.CommandLine;
using Course.Cli.Running;

namespace Course.Cli.Commands;

/// <summary>
/// The hidden <c>labs run-one NOTEBOOK --output-notebook FILE --result FILE</c>: what each notebook's child process of
/// <c>labs run</c> runs. Its <see cref="Course.Notebooks.Contract.NotebookSettings"/> arrive as JSON on standard input.
/// </summary>
public static class RunOneCommand
{
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook");
        var outputNotebook = new Option<string>("--output-notebook") { Required = true };
        var result = new Option<string>("--result") { Required = true };
        var command = new Command("run-one", "Run one notebook in this process (used by `labs run`; settings as JSON on standard input).")
        {
            notebook, outputNotebook, result,
        };
        command.Hidden = true;
        command.SetAction(r =>
        {
            var code = SingleNotebookRun.Execute(r.GetValue(notebook)!, r.GetValue(outputNotebook)!, r.GetValue(result)!, Console.In.ReadToEnd());
            Console.Error.Flush();
            // A cell that ignored its cancellation may still be running: end the process regardless.
            Environment.Exit(code);
            return code;
        });
        return command;
    }
}
