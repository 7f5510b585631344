using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Packages;

/// <summary>
/// The package assets a <c>#r</c>'d DLL's .deps.json lists: a class library's build output usually does not copy
/// its NuGet dependencies, so they are taken from the NuGet global packages folder (runtime and native assets
/// for this machine's runtime identifier).
/// </summary>
public static class DepsJson
{
    /// <summary>The managed and native files of the packages in <c>NAME.deps.json</c> beside <paramref name="dll"/> that exist on this machine.</summary>
    public static (List<string> Managed, List<string> Native) Read(string dll)
    {
        var managed = new List<string>();
        var native = new List<string>();
        var path = Path.ChangeExtension(dll, ".deps.json");
        if (!File.Exists(path)) return (managed, native);
        JsonObject root;
        try { root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? []; }
        catch (JsonException) { return (managed, native); }
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var target = (root["targets"] as JsonObject)?.FirstOrDefault().Value as JsonObject ?? [];
        var libraries = root["libraries"] as JsonObject ?? [];
        var rids = NuGetRestorer.RuntimeFallbacks();
        foreach (var (key, node) in target)
        {
            if (node is not JsonObject entry || libraries[key] is not JsonObject library || (string?)library["type"] != "package") continue;
            var folder = Path.Combine(packages, (string?)library["path"] ?? key.ToLowerInvariant());
            if (!Directory.Exists(folder)) continue;
            var byRid = (entry["runtimeTargets"] as JsonObject ?? [])
                .Select(t => (Asset: t.Key, Rid: (string?)t.Value?["rid"], Type: (string?)t.Value?["assetType"]))
                .Where(t => t.Rid is not null && rids.Contains(t.Rid)).ToList();
            var ridManaged = byRid.Where(t => t.Type == "runtime").ToList();
            var managedAssets = ridManaged.Count > 0
                ? BestRid(ridManaged, rids)
                : (entry["runtime"] as JsonObject ?? []).Select(a => a.Key);
            managed.AddRange(managedAssets.Select(a => Path.Combine(folder, a)).Where(File.Exists));
            var nativeAssets = BestRid(byRid.Where(t => t.Type == "native").ToList(), rids)
                .Concat((entry["native"] as JsonObject ?? []).Select(a => a.Key));
            native.AddRange(nativeAssets.Select(a => Path.Combine(folder, a)).Where(File.Exists));
        }
        return (managed, native);
    }

    /// <summary>
    /// The NuGet package folders of every package <c>NAME.deps.json</c> beside <paramref name="dll"/> names and, for a
    /// project's build output (bin/CONFIG/TFM), every package its obj/project.assets.json restored, assets or not (a
    /// package may bring only content files, such as model weights); those that exist under <paramref name="packagesRoot"/>
    /// (NUGET_PACKAGES, else ~/.nuget/packages, when null).
    /// </summary>
    public static List<string> PackageFolders(string dll, string? packagesRoot = null)
    {
        var packages = packagesRoot ?? Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var folder = Path.GetDirectoryName(Path.GetFullPath(dll))!;
        var assets = Path.GetFullPath(Path.Combine(folder, "..", "..", "..", "obj", "project.assets.json"));
        var found = new List<string>();
        foreach (var file in new[] { Path.ChangeExtension(dll, ".deps.json"), assets })
        {
            if (!File.Exists(file)) continue;
            JsonObject root;
            try { root = JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? []; }
            catch (JsonException) { continue; }
            found.AddRange((root["libraries"] as JsonObject ?? [])
                .Where(l => (string?)l.Value?["type"] == "package")
                .Select(l => Path.Combine(packages, (string?)l.Value?["path"] ?? l.Key.ToLowerInvariant())));
        }
        return found.Distinct().Where(Directory.Exists).ToList();
    }

    private static IEnumerable<string> BestRid(List<(string Asset, string? Rid, string? Type)> assets, IReadOnlyList<string> rids)
    {
        if (assets.Count == 0) return [];
        var best = assets.Min(a => rids.ToList().IndexOf(a.Rid!));
        return assets.Where(a => rids.ToList().IndexOf(a.Rid!) == best).Select(a => a.Asset);
    }
}
