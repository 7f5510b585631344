using Course.Notebooks.Execution;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Kernel.Spec;

/// <summary>
/// Writes a Jupyter kernelspec (kernel.json and logos) that starts <c>labs kernel start -f {connection_file}</c>.
/// Jupyter finds kernelspecs in <c>kernels/NAME/</c> under its data folders: the user's
/// (<c>~/.local/share/jupyter</c>), <c>PREFIX/share/jupyter</c>, or any folder on <c>JUPYTER_PATH</c>.
/// </summary>
public static class KernelSpec
{
    public const string DefaultName = "labs-csharp";
    public const string DisplayName = "C# (labs)";

    /// <summary>The user's Jupyter data folder (JUPYTER_DATA_DIR, else XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter).</summary>
    public static string UserDataFolder()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } dir) return dir;
        string? xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
    }

    /// <summary>The kernel.json content: argv starting this very <c>labs</c> (apphost or <c>dotnet labs.dll</c>).</summary>
    public static JsonObject KernelJson(IReadOnlyList<string> launcher) => new()
    {
        ["argv"] = new JsonArray(launcher.Concat(["kernel", "start", "-f", "{connection_file}"]).Select(a => (JsonNode)a).ToArray()),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        // malloc and GC settings for the process that runs the cells (see NotebookProcessEnvironment)
        ["env"] = new JsonObject(NotebookProcessEnvironment.Variables.Select(v => KeyValuePair.Create(v.Name, (JsonNode?)v.Value))),
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <summary>Installs the kernelspec into <paramref name="dataFolder"/>/kernels/<paramref name="name"/>; returns that folder.</summary>
    public static string Install(string dataFolder, IReadOnlyList<string> launcher, string name = DefaultName)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-zA-Z0-9._-]+$"))
            throw new ArgumentException($"kernel name '{name}' may only hold letters, digits, '.', '_' and '-'.", nameof(name));
        string folder = Path.Combine(dataFolder, "kernels", name);
        Directory.CreateDirectory(folder);
        string json = KernelJson(launcher).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        string temp = Path.Combine(folder, $"kernel.json.tmp-{Environment.ProcessId}");
        File.WriteAllText(temp, json);
        File.Move(temp, Path.Combine(folder, "kernel.json"), overwrite: true);
        foreach (var logo in new[] { "logo-64x64.png", "logo-32x32.png" })
        {
            using var stream = typeof(KernelSpec).Assembly.GetManifestResourceStream(logo)
                               ?? throw new InvalidOperationException($"the kernel's {logo} resource is missing from the build.");
            using var file = File.Create(Path.Combine(folder, logo));
            stream.CopyTo(file);
        }
        return folder;
    }
}
