using System.CommandLine;
using Course.Cli.Export;
using Course.Cli.Running;
using Course.Notebooks.Contract;
using Course.Notebooks.Dialect;
using Course.Notebooks.Model;

namespace Course.Cli.Commands;

/// <summary><c>labs export NOTEBOOK --to app [-o FILE]</c>: a .NET file-based app with the notebook's code.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var notebook = new Argument<string>("notebook") { Description = "The notebook to export." };
        var to = new Option<string>("--to") { Description = "The export format: app (a .NET file-based app, `dotnet run FILE.cs`).", Required = true };
        to.AcceptOnlyFromAmong("app");
        var output = new Option<string?>("--output", "-o") { Description = "The file to write (default: NOTEBOOK.cs beside the notebook)." };
        var command = new Command("export", "Export a notebook as a .NET file-based app.") { notebook, to, output };
        command.SetAction(r =>
        {
            var path = Path.GetFullPath(r.GetValue(notebook)!);
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"labs export: {path} does not exist.");
                return ExitCodes.Usage;
            }
            var target = Path.GetFullPath(r.GetValue(output) ?? Path.ChangeExtension(path, ".cs"));
            try
            {
                var text = AppExporter.Export(NotebookFile.Read(path), Path.GetDirectoryName(path)!, Path.GetDirectoryName(target)!);
                AtomicFile.WriteAllText(target, text);
            }
            catch (Exception e) when (e is NotebookFormatException or DirectiveException)
            {
                Console.Error.WriteLine($"labs export: {path}: {e.Message}");
                return ExitCodes.CellError;
            }
            Console.Out.WriteLine($"Wrote {target} (run it with: dotnet run {Path.GetFileName(target)})");
            return ExitCodes.Passed;
        });
        return command;
    }
}
