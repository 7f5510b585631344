using Course.Notebooks.Execution;
using Course.Notebooks.Model;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Kernel.Spec;

/// <summary>
/// Writes a Jupyter kernelspec (kernel.json and logos) that starts <c>labs kernel start -f {connection_file}</c>.
/// Jupyter finds kernelspecs in <c>kernels/NAME/</c> under its data folders (<see cref="JupyterPaths"/>): the user's,
/// an environment's <c>PREFIX/share/jupyter</c>, the system's, or any folder on <c>JUPYTER_PATH</c>.
/// </summary>
public static class KernelSpec
{
    public const string DefaultName = KernelIdentity.Name;
    public const string DisplayName = KernelIdentity.DisplayName;

    /// <summary>The kernel.json content: argv starting this very <c>labs</c> (apphost or <c>dotnet labs.dll</c>).</summary>
    public static JsonObject KernelJson(IReadOnlyList<string> launcher) => new()
    {
        ["argv"] = new JsonArray(launcher.Concat(["kernel", "start", "-f", "{connection_file}"]).Select(a => (JsonNode)a).ToArray()),
        ["display_name"] = DisplayName,
        ["language"] = KernelIdentity.Language,
        ["interrupt_mode"] = "message",
        // malloc and GC settings for the process that runs the cells (see NotebookProcessEnvironment)
        ["env"] = new JsonObject(NotebookProcessEnvironment.Variables.Select(v => KeyValuePair.Create(v.Name, (JsonNode?)v.Value))),
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <summary>Installs the kernelspec into <paramref name="dataFolder"/>/kernels/<paramref name="name"/>; returns that folder.</summary>
    public static string Install(string dataFolder, IReadOnlyList<string> launcher, string name = DefaultName)
    {
        RequireValidName(name);
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

    /// <summary>The kernelspecs Jupyter would find in <paramref name="dataFolders"/> (searched in order, the first of a name wins), by name.</summary>
    public static IReadOnlyList<(string Name, string Folder)> List(IEnumerable<string> dataFolders)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in dataFolders)
        {
            string kernels = Path.Combine(data, "kernels");
            if (!Directory.Exists(kernels)) continue;
            foreach (var folder in Directory.EnumerateDirectories(kernels).Order(StringComparer.Ordinal))
                if (File.Exists(Path.Combine(folder, "kernel.json"))) found.TryAdd(Path.GetFileName(folder).ToLowerInvariant(), folder);
        }
        return found.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => (k.Key, k.Value)).ToList();
    }

    /// <summary>Removes kernelspec <paramref name="name"/> from the first of <paramref name="dataFolders"/> holding it; returns the folder removed, or null.</summary>
    public static string? Remove(IEnumerable<string> dataFolders, string name)
    {
        RequireValidName(name);
        var hit = List(dataFolders).FirstOrDefault(k => k.Name == name.ToLowerInvariant());
        if (hit.Folder is null) return null;
        Directory.Delete(hit.Folder, recursive: true);
        return hit.Folder;
    }

    private static void RequireValidName(string name)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-zA-Z0-9._-]+$"))
            throw new ArgumentException($"kernel name '{name}' may only hold letters, digits, '.', '_' and '-'.", nameof(name));
    }
}
