using System.CommandLine;
using Course.Cli.Release;
using Course.Cli.Running;
using Course.Notebooks.Contract;
using Course.Notebooks.Model;

namespace Course.Cli.Commands;

/// <summary><c>labs release NOTEBOOK|FOLDER -o DIR [--version V] [--os PLATFORM] [--no-build] [--force]</c>: a self-contained student folder.</summary>
public static class ReleaseCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("notebooks") { Description = "The instructor notebooks: a folder (e.g. notebooks/) or one .ipynb, inside the course repository." };
        var output = new Option<string>("--output", "-o") { Description = "The release folder to write (new or empty).", Required = true };
        var version = new Option<string?>("--version") { Description = "The version of the release's packages (default 1.0.0-rYYYYMMDDHHMMSS, new for every release)." };
        var platform = new Option<string>("--os")
        {
            Description = $"Whose libtorch the students restore: {string.Join(", ", ReleasePackages.LibtorchPackages.Keys)} (all: every OS, about 1 GB each). Default: this machine's.",
            DefaultValueFactory = _ => ReleasePackages.ThisPlatform(),
        };
        var noBuild = new Option<bool>("--no-build") { Description = "Pack the existing Release builds of lib/Course.Labs and lib/Course.Cli instead of building them." };
        var force = new Option<bool>("--force") { Description = "Replace the output folder if it is not empty." };
        var command = new Command("release", "Write a student release: the student notebooks, the helper library and the labs tool as a NuGet feed, and the one set-up command (setup.sh).")
        {
            input, output, version, platform, noBuild, force,
        };
        command.SetAction(r =>
        {
            try
            {
                ReleaseBuilder.Build(new ReleaseRequest(r.GetValue(input)!, r.GetValue(output)!, r.GetValue(version), r.GetValue(platform)!,
                                                        Build: !r.GetValue(noBuild), Force: r.GetValue(force)), Console.Out);
                return ExitCodes.Passed;
            }
            catch (Exception e) when (e is ReleaseException or FormatException or FileNotFoundException or NotebookFormatException or IOException)
            {
                Console.Error.WriteLine($"labs release: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
