using Course.Notebooks.Contract;
using System.CommandLine;
using Course.Cli.Running;
using Course.Notebooks.Model;

namespace Course.Cli.Commands;

/// <summary><c>labs convert INPUT [OUTPUT] [--to ipynb|dib]</c>: a notebook as Polyglot's .dib text, or a .dib as a notebook.</summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The notebook (.ipynb) or Polyglot file (.dib) to convert." };
        var output = new Argument<string?>("output") { Arity = ArgumentArity.ZeroOrOne, Description = "The file to write (default: INPUT with the other extension)." };
        var to = new Option<string?>("--to") { Description = "The format to write: ipynb or dib (default: OUTPUT's extension, else the other one)." };
        to.AcceptOnlyFromAmong("ipynb", "dib");
        var force = new Option<bool>("--force") { Description = "Overwrite OUTPUT when it exists." };
        var command = new Command("convert", "Convert between .ipynb notebooks and Polyglot .dib files (cells, kernels and metadata kept; .dib has no outputs).")
        {
            input, output, to, force,
        };
        command.SetAction(r => Execute(r.GetValue(input)!, r.GetValue(output), r.GetValue(to), r.GetValue(force)));
        return command;
    }

    private static int Execute(string input, string? output, string? to, bool force)
    {
        var source = Path.GetFullPath(input);
        if (!File.Exists(source)) return Usage($"{source} does not exist.");
        var format = to ?? (output is null ? (DibFile.IsDib(source) ? "ipynb" : "dib") : Path.GetExtension(output).TrimStart('.').ToLowerInvariant());
        if (format is not ("ipynb" or "dib")) return Usage($"cannot tell the format of {output}: give it the extension .ipynb or .dib, or pass --to.");
        var target = Path.GetFullPath(output ?? Path.ChangeExtension(source, "." + format));
        if (target == source) return Usage($"{source} is already a .{format} file; give another OUTPUT.");
        if (File.Exists(target) && !force) return Usage($"{target} exists; pass --force to overwrite it.");
        Notebook nb;
        try { nb = NotebookFile.Read(source); }
        catch (NotebookFormatException e)
        {
            Console.Error.WriteLine($"labs convert: {e.Message}");
            return ExitCodes.CellError;
        }
        if (format == "dib")
        {
            var outputs = nb.Cells.Sum(c => c.Outputs.Count);
            if (outputs > 0) Console.Error.WriteLine($"labs convert: {outputs} outputs are not written: .dib files hold no outputs.");
            DibFile.Write(nb, target);
        }
        else NotebookFile.Write(nb, target);
        Console.Out.WriteLine($"Wrote {target}");
        return ExitCodes.Passed;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"labs convert: {message}");
        return ExitCodes.Usage;
    }
}
