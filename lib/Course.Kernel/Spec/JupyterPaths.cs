namespace Course.Kernel.Spec;

/// <summary>The operating systems whose Jupyter folder layouts differ.</summary>
public enum JupyterOs
{
    Linux,
    MacOs,
    Windows,
}

/// <summary>
/// Jupyter's data folders as <c>jupyter --paths</c> reports them (jupyter_core's rules), computed for any of the three
/// layouts from an environment and a home folder, so that each OS's answer can be tested on any machine:
/// the user's folder (JUPYTER_DATA_DIR, else ~/.local/share/jupyter or XDG_DATA_HOME/jupyter on Linux,
/// ~/Library/Jupyter on macOS, %APPDATA%\jupyter on Windows), then the environment's (a prefix's share/jupyter),
/// then the system's (/usr/local/share/jupyter and /usr/share/jupyter, or %PROGRAMDATA%\jupyter), with
/// JUPYTER_PATH's folders first.
/// </summary>
public sealed class JupyterPaths(JupyterOs os, Func<string, string?> environment, string home)
{
    /// <summary>This machine's layout, environment and home folder.</summary>
    public static JupyterPaths Current { get; } = new(CurrentOs, Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The layout of the running OS (BSDs and other Unixes use Linux's, as jupyter_core does).</summary>
    public static JupyterOs CurrentOs => OperatingSystem.IsWindows() ? JupyterOs.Windows : OperatingSystem.IsMacOS() ? JupyterOs.MacOs : JupyterOs.Linux;

    /// <summary>The layout these paths follow.</summary>
    public JupyterOs Os { get; } = os;

    private char Separator => Os == JupyterOs.Windows ? '\\' : '/';

    private string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;

    /// <summary>Joins path parts with this layout's separator (not the running OS's: a Windows layout computed on Linux keeps backslashes).</summary>
    public string Join(params string[] parts)
        => string.Join(Separator, parts.Select((p, i) => i == 0 ? p.TrimEnd('/', '\\') : p.Trim('/', '\\')));

    /// <summary>The user's data folder: where <c>--user</c> installs.</summary>
    public string UserDataDir()
    {
        if (Variable("JUPYTER_DATA_DIR") is { } explicitDir) return explicitDir;
        return Os switch
        {
            JupyterOs.MacOs => Join(home, "Library", "Jupyter"),
            JupyterOs.Windows => Variable("APPDATA") is { } appData
                ? Join(appData, "jupyter")
                : Join(Variable("JUPYTER_CONFIG_DIR") ?? Join(home, ".jupyter"), "data"),
            _ => Join(Variable("XDG_DATA_HOME") ?? Join(home, ".local", "share"), "jupyter"),
        };
    }

    /// <summary>The system-wide data folders (what a plain <c>jupyter kernelspec install</c> writes to first).</summary>
    public IReadOnlyList<string> SystemDataDirs()
        => Os == JupyterOs.Windows
            ? [Join(Variable("PROGRAMDATA") ?? @"C:\ProgramData", "jupyter")]
            : ["/usr/local/share/jupyter", "/usr/share/jupyter"];

    /// <summary>The data folder of an environment prefix (a virtual environment, conda environment or <c>--prefix</c>).</summary>
    public string PrefixDataDir(string prefix) => Join(prefix, "share", "jupyter");

    /// <summary>
    /// Every data folder Jupyter searches, in its order: JUPYTER_PATH's, the user's, the environment's
    /// (<paramref name="envPrefix"/>, when known and not a system folder), the system's.
    /// </summary>
    public IReadOnlyList<string> SearchPath(string? envPrefix = null)
    {
        var paths = new List<string>();
        if (Variable("JUPYTER_PATH") is { } extra)
            paths.AddRange(extra.Split(Os == JupyterOs.Windows ? ';' : ':', StringSplitOptions.RemoveEmptyEntries).Select(p => p.TrimEnd('/', '\\')));
        paths.Add(UserDataDir());
        var system = SystemDataDirs();
        if (envPrefix is not null && !system.Contains(PrefixDataDir(envPrefix))) paths.Add(PrefixDataDir(envPrefix));
        paths.AddRange(system);
        return paths.Distinct().ToList();
    }
}
