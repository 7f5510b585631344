using System.CommandLine;
using Course.Cli.Running;
using Course.Kernel.Engine;
using Course.Kernel.Spec;

namespace Course.Cli.Commands;

/// <summary><c>labs kernel install [--user|--prefix DIR] [--name NAME]</c> and <c>labs kernel start -f CONNECTION_FILE</c>.</summary>
public static class KernelCommand
{
    public static Command Create()
    {
        var user = new Option<bool>("--user") { Description = "Install for this user (~/.local/share/jupyter; the default)." };
        var prefix = new Option<string?>("--prefix") { Description = "Install into PREFIX/share/jupyter (e.g. a virtual environment's prefix)." };
        var name = new Option<string>("--name") { Description = "The kernelspec's name.", DefaultValueFactory = _ => KernelSpec.DefaultName };
        var install = new Command("install", "Install the C# kernelspec so Jupyter front ends (VS Code, JupyterLab, nbconvert) can start this kernel.")
        {
            user, prefix, name,
        };
        install.SetAction(r => Install(r.GetValue(user), r.GetValue(prefix), r.GetValue(name) ?? KernelSpec.DefaultName));

        var file = new Option<string>("--connection-file", "-f") { Description = "The connection file Jupyter writes.", Required = true };
        var start = new Command("start", "Start the kernel (what kernel.json runs; Jupyter passes -f {connection_file}).") { file };
        start.SetAction(r =>
        {
            var code = KernelHost.Start(r.GetValue(file)!);
            // A cell may have left foreground threads running: the kernel process ends regardless (a restart is a new process).
            Environment.Exit(code);
            return code;
        });

        return new Command("kernel", "The Jupyter kernel for C# notebooks.") { install, start };
    }

    private static int Install(bool user, string? prefix, string name)
    {
        if (user && prefix is not null)
        {
            Console.Error.WriteLine("labs kernel install: use --user or --prefix, not both.");
            return ExitCodes.Usage;
        }
        string dataFolder = prefix is null ? KernelSpec.UserDataFolder() : Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");
        var self = SelfInvocation.StartInfo([]);
        string folder = KernelSpec.Install(dataFolder, [self.FileName, .. self.ArgumentList], name);
        Console.Out.WriteLine($"Installed kernelspec '{name}' in {folder}");
        if (prefix is not null)
            Console.Out.WriteLine($"Jupyter finds it when {Path.Combine(Path.GetFullPath(prefix), "share", "jupyter")} is on JUPYTER_PATH or is its prefix.");
        return ExitCodes.Passed;
    }
}
