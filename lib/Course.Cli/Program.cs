using System.CommandLine;
using Course.Cli.Commands;
using Course.Notebooks.Contract;

// labs: run C# notebooks headlessly (each in its own process), export them, serve them as a Jupyter kernel, and grade them.
var root = new RootCommand("labs: run the course's C# notebooks headlessly, and export them.")
{
    RunCommand.Create(),
    RunOneCommand.Create(),
    SandboxWorkerCommand.Create(),
    ExportCommand.Create(),
    KernelCommand.Create(),
    AssignCommand.Create(),
    ReleaseCommand.Create(),
    RestoreCommand.Create(),
    GradeCommand.Create(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"labs: {error.Message}");
    Console.Error.WriteLine("Run `labs --help` for usage.");
    return ExitCodes.Usage;
}
return parsed.Invoke();
