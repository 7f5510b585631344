using System.CommandLine;
using Course.Cli.Running;
using Course.Notebooks.Contract;
using Course.Kernel.Engine;
using Course.Kernel.Spec;

namespace Course.Cli.Commands;

/// <summary>
/// <c>labs kernel install [--user|--sys-prefix|--prefix DIR] [--name NAME]</c>, <c>labs kernel list</c>,
/// <c>labs kernel remove NAME</c> (as ipykernel and <c>jupyter kernelspec</c> do, without Python), and
/// <c>labs kernel start -f CONNECTION_FILE</c>.
/// </summary>
public static class KernelCommand
{
    public static Command Create()
    {
        var user = new Option<bool>("--user") { Description = "Install for this user, in Jupyter's user data folder (the default; see `jupyter --paths`)." };
        var sysPrefix = new Option<bool>("--sys-prefix") { Description = "Install into the Python environment that runs Jupyter (VIRTUAL_ENV, CONDA_PREFIX, or the `jupyter` on PATH)." };
        var prefix = new Option<string?>("--prefix") { Description = "Install into PREFIX/share/jupyter (e.g. a virtual environment's prefix)." };
        var name = new Option<string>("--name") { Description = "The kernelspec's name.", DefaultValueFactory = _ => KernelSpec.DefaultName };
        var install = new Command("install", "Install the C# kernelspec so Jupyter front ends (VS Code, JupyterLab, Notebook, nbconvert) can start this kernel.")
        {
            user, sysPrefix, prefix, name,
        };
        install.SetAction(r => Install(r.GetValue(user), r.GetValue(sysPrefix), r.GetValue(prefix), r.GetValue(name) ?? KernelSpec.DefaultName));

        var list = new Command("list", "List the kernelspecs Jupyter finds (name and folder), as `jupyter kernelspec list` does.");
        list.SetAction(_ => List());

        var removeName = new Argument<string>("name") { Description = "The kernelspec to remove.", DefaultValueFactory = _ => KernelSpec.DefaultName };
        var remove = new Command("remove", "Remove an installed kernelspec (the first Jupyter finds of that name).") { removeName };
        remove.SetAction(r => Remove(r.GetValue(removeName)!));

        var file = new Option<string>("--connection-file", "-f") { Description = "The connection file Jupyter writes.", Required = true };
        var start = new Command("start", "Start the kernel (what kernel.json runs; Jupyter passes -f {connection_file}).") { file };
        start.SetAction(r => KernelHost.Start(r.GetValue(file)!));

        return new Command("kernel", "The Jupyter kernel for C# notebooks.") { install, list, remove, start };
    }

    private static int Install(bool user, bool sysPrefix, string? prefix, string name)
    {
        if ((user ? 1 : 0) + (sysPrefix ? 1 : 0) + (prefix is null ? 0 : 1) > 1)
        {
            Console.Error.WriteLine("labs kernel install: use one of --user, --sys-prefix and --prefix.");
            return ExitCodes.Usage;
        }
        var paths = JupyterPaths.Current;
        string dataFolder;
        string? environmentPrefix = prefix is null ? null : Path.GetFullPath(prefix);
        if (sysPrefix)
        {
            var (found, why) = JupyterEnvironment.SysPrefix();
            if (found is null)
            {
                Console.Error.WriteLine($"labs kernel install --sys-prefix: {why}. Activate the environment that runs Jupyter, or use --user or --prefix DIR.");
                return ExitCodes.Usage;
            }
            environmentPrefix = found;
            Console.Out.WriteLine($"Jupyter's environment: {found} ({why})");
        }
        dataFolder = environmentPrefix is null ? paths.UserDataDir() : paths.PrefixDataDir(environmentPrefix);
        var self = SelfInvocation.StartInfo([]);
        string folder;
        try { folder = KernelSpec.Install(dataFolder, [self.FileName, .. self.ArgumentList], name); }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"labs kernel install: cannot write {Path.Combine(dataFolder, "kernels", name)}: {e.Message}");
            return ExitCodes.Usage;
        }
        Console.Out.WriteLine($"Installed kernelspec {name} in {folder}");
        if (prefix is not null && !paths.SearchPath().Contains(dataFolder))
            Console.Out.WriteLine($"Jupyter finds it when {dataFolder} is on JUPYTER_PATH or {environmentPrefix} is the prefix of the Python that runs Jupyter.");
        return ExitCodes.Passed;
    }

    /// <summary>The folders listed and searched: Jupyter's, with the environment's when one is active or on PATH.</summary>
    private static IReadOnlyList<string> SearchPath() => JupyterPaths.Current.SearchPath(JupyterEnvironment.SysPrefix().Prefix);

    private static int List()
    {
        var found = KernelSpec.List(SearchPath());
        if (found.Count == 0)
        {
            Console.Out.WriteLine($"No kernelspecs in {string.Join(", ", SearchPath())}. Install this one with `labs kernel install`.");
            return ExitCodes.Passed;
        }
        Console.Out.WriteLine("Available kernels:");
        int width = found.Max(k => k.Name.Length);
        foreach (var (kernel, folder) in found) Console.Out.WriteLine($"  {kernel.PadRight(width)}    {folder}");
        return ExitCodes.Passed;
    }

    private static int Remove(string name)
    {
        try
        {
            if (KernelSpec.Remove(SearchPath(), name) is { } folder)
            {
                Console.Out.WriteLine($"Removed {folder}");
                return ExitCodes.Passed;
            }
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"labs kernel remove: {e.Message}");
            return ExitCodes.Usage;
        }
        Console.Error.WriteLine($"labs kernel remove: no kernelspec named '{name}' in {string.Join(", ", SearchPath())} (see `labs kernel list`).");
        return ExitCodes.Usage;
    }
}
