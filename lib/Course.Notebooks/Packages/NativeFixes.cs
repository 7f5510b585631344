using System.Text.Json.Nodes;

namespace Course.Notebooks.Packages;

/// <summary>
/// Native libraries to load from a patched copy instead of the package (environment/.native/native-fixes.json,
/// written by environment/setup.sh on machines that need it, e.g. TorchSharp's libLibTorchSharp.so on Debian 12).
/// </summary>
public sealed class NativeFixes
{
    /// <summary>The environment variable that points straight at a native-fixes.json.</summary>
    public const string EnvironmentVariable = "LABS_NATIVE_FIXES";

    private readonly Dictionary<string, string> replacements;

    private NativeFixes(Dictionary<string, string> replacements) => this.replacements = replacements;

    /// <summary>No fixes.</summary>
    public static NativeFixes None { get; } = new(new Dictionary<string, string>());

    /// <summary>The number of fixes known.</summary>
    public int Count => replacements.Count;

    /// <summary>The file to load for <paramref name="path"/>: its replacement when one exists, else the path itself.</summary>
    public string Map(string path)
        => replacements.TryGetValue(Path.GetFullPath(path), out var replacement) && File.Exists(replacement) ? replacement : path;

    /// <summary>
    /// The files that mark a folder whose environment/.native/ the set-up fills: the course repository's Course.sln, and
    /// a student release's labs-release.json (written by <c>labs release</c>; its setup.sh runs the same native fix).
    /// </summary>
    public static readonly string[] RootMarkers = ["Course.sln", "labs-release.json"];

    /// <summary>
    /// Finds native-fixes.json: $LABS_NATIVE_FIXES, else environment/.native/native-fixes.json in the first folder
    /// holding one of the <see cref="RootMarkers"/> above any of <paramref name="startFolders"/> (then above the
    /// engine's own folder).
    /// </summary>
    public static NativeFixes Discover(params string[] startFolders) => Locate(startFolders) is { } json ? Load(json) : None;

    /// <summary>The native-fixes.json <see cref="Discover"/> reads, or null when there is none.</summary>
    public static string? Locate(params string[] startFolders)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return File.Exists(fromEnvironment) ? fromEnvironment : null;
        foreach (var start in startFolders.Append(AppContext.BaseDirectory))
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                if (!RootMarkers.Any(marker => File.Exists(Path.Combine(dir.FullName, marker)))) continue;
                var json = Path.Combine(dir.FullName, "environment", ".native", "native-fixes.json");
                if (File.Exists(json)) return json;
                break;
            }
        }
        return null;
    }

    /// <summary>The replacement files of this manifest (what a sandbox must show for them to load).</summary>
    public IEnumerable<string> Replacements => replacements.Values;

    /// <summary>Reads a native-fixes.json: an array of {"original": path, "replacement": path}.</summary>
    public static NativeFixes Load(string jsonPath)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(File.ReadAllText(jsonPath)) is JsonArray entries)
            foreach (var entry in entries.OfType<JsonObject>())
                if (entry["original"]?.GetValue<string>() is { } original && entry["replacement"]?.GetValue<string>() is { } replacement)
                    map[Path.GetFullPath(original)] = replacement;
        return new NativeFixes(map);
    }
}
