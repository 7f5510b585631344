using System.CommandLine;
using System.Diagnostics;
using Course.Cli.Running;
using Course.Notebooks.Contract;
using Course.Notebooks.Model;
using Course.Notebooks.Packages;

namespace Course.Cli.Commands;

/// <summary>
/// <c>labs restore NOTEBOOK|FOLDER...</c>: restores the packages the notebooks' <c>#r "nuget:"</c> lines ask for, as
/// running them would (a student's set-up runs it once, so the first cell does not wait for TorchSharp's download).
/// </summary>
public static class RestoreCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("notebooks") { Description = "Notebooks (.ipynb) or folders of them.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("restore", "Restore the NuGet packages the notebooks reference (#r \"nuget: ...\"), into the caches their runs read.")
        {
            inputs,
        };
        command.SetAction((r, cancel) => Task.FromResult(Run(r.GetValue(inputs)!, cancel)));
        return command;
    }

    private static int Run(string[] inputs, CancellationToken cancel)
    {
        List<string> notebooks;
        try { notebooks = NotebookPaths.Expand(inputs, outputFolder: "\0"); }   // no output folder to leave out
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine($"labs restore: {e.Message}");
            return ExitCodes.Usage;
        }
        var restorer = new NuGetRestorer();
        var done = new HashSet<string>(StringComparer.Ordinal);
        int failures = 0;
        Console.Out.WriteLine("restoring the notebooks' packages (the first time downloads them: TorchSharp's libtorch is about 500 MB)...");
        foreach (var notebook in notebooks)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var sets = NotebookPackages.Restore(notebook, restorer, cancel);
                var fresh = sets.Where(set => done.Add(string.Join(", ", set.Packages))).ToList();
                if (sets.Count == 0) Console.Out.WriteLine($"  {Path.GetFileName(notebook)}: no packages");
                else if (fresh.Count == 0) Console.Out.WriteLine($"  {Path.GetFileName(notebook)}: the same packages as above");
                foreach (var set in fresh)
                {
                    string state = set.Resolution.FromCache ? "already restored" : $"restored in {clock.Elapsed.TotalSeconds:F0} s";
                    Console.Out.WriteLine($"  {Path.GetFileName(notebook)}: {string.Join(", ", set.Packages)}: {state} " +
                                          $"({set.Resolution.Versions.Count} packages, {set.Resolution.NativeLibraries.Count} native libraries)");
                }
            }
            catch (Exception e) when (e is PackageRestoreException or NotebookFormatException or IOException)
            {
                Console.Error.WriteLine($"labs restore: {notebook}: {e.Message}");
                failures++;
            }
        }
        return failures == 0 ? ExitCodes.Passed : ExitCodes.CellError;
    }
}
