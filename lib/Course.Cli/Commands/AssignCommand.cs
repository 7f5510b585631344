using System.CommandLine;
using Course.Cli.Running;
using Course.Notebooks.Contract;
using Course.Grading.Assign;
using Course.Notebooks.Model;

namespace Course.Cli.Commands;

/// <summary><c>labs assign NOTEBOOK|FOLDER -o DIR</c>: the student version of instructor notebooks.</summary>
public static class AssignCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("notebook") { Description = "An instructor notebook (.ipynb) or a folder of them." };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the student versions.", Required = true };
        var command = new Command("assign", "Write the student version: solutions replaced by stubs, hidden tests removed, outputs cleared, checksums recorded.")
        {
            input, output,
        };
        command.SetAction(r =>
        {
            try
            {
                foreach (var file in Assigner.Run(r.GetValue(input)!, r.GetValue(output)!)) Console.Out.WriteLine($"wrote {file}");
                return ExitCodes.Passed;
            }
            catch (Exception e) when (e is FormatException or FileNotFoundException or NotebookFormatException or IOException)
            {
                Console.Error.WriteLine($"labs assign: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
