using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Notebooks.Dialect;
using Course.Notebooks.Model;

namespace Course.Notebooks.Packages;

/// <summary>
/// Resolves <c>#r "nuget: ..."</c> references for real: a tiny project per package set in a cache folder
/// (~/.cache/labs/nuget/HASH), restored once with <c>dotnet restore</c> through the machine's NuGet configuration
/// and global packages folder; the assets are then read from obj/project.assets.json and remembered, so a set
/// already restored resolves without starting any process.
/// </summary>
public sealed class NuGetRestorer(string? cacheRoot = null)
{
    private const string TargetFramework = "net10.0";

    /// <summary>The cache folder (LABS_NUGET_CACHE, else ~/.cache/labs/nuget).</summary>
    public string CacheRoot { get; } = cacheRoot
        ?? Environment.GetEnvironmentVariable("LABS_NUGET_CACHE")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "labs", "nuget");

    /// <summary>The cache folder that holds the restore of exactly these packages and sources.</summary>
    public string CacheFolder(IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources) => Path.Combine(CacheRoot, Key(packages, sources));

    /// <summary>Restores (or reads from the cache) the given packages together, with extra sources from <c>#i</c>.</summary>
    public PackageResolution Resolve(IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources, CancellationToken cancel = default)
    {
        var folder = CacheFolder(packages, sources);
        var resolutionFile = Path.Combine(folder, "resolution.json");
        if (TryReadCached(resolutionFile) is { } cached) return cached;

        Directory.CreateDirectory(folder);
        // Another process (a kernel, another `labs run`) may be restoring the same set: one restores, the other reads its result.
        using var restoreLock = AcquireLock(Path.Combine(folder, "restore.lock"), cancel);
        if (TryReadCached(resolutionFile) is { } restoredMeanwhile) return restoredMeanwhile;
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "restore.csproj"), ProjectText(packages, sources));
        RunRestore(folder, packages, cancel);
        var resolution = ReadAssets(Path.Combine(folder, "obj", "project.assets.json"));
        AtomicFile.WriteAllText(resolutionFile, JsonSerializer.Serialize(new CachedResolution(
            resolution.Versions.ToDictionary(), resolution.ManagedAssemblies.ToList(), resolution.NativeLibraries.ToList())));
        return resolution;
    }

    /// <summary>
    /// A <c>#i "nuget: SOURCE"</c> as NuGet needs it: a URL as written; a local folder as a full path, a relative one
    /// taken from <paramref name="baseDirectory"/> (the notebook's folder), since restores run in the cache folder.
    /// </summary>
    public static string ResolveSource(string source, string baseDirectory)
        => source.Contains("://", StringComparison.Ordinal) || Path.IsPathRooted(source)
            ? source
            : Path.GetFullPath(Path.Combine(baseDirectory, source));

    private static FileStream AcquireLock(string path, CancellationToken cancel)
    {
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) { Task.Delay(200, cancel).GetAwaiter().GetResult(); }
        }
    }

    private static string Key(IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources)
    {
        var text = string.Join('\n', packages.Select(p => $"{p.Name.ToLowerInvariant()}/{p.Version ?? "*"}").Order(StringComparer.Ordinal))
                   + "\n--\n" + string.Join('\n', sources) + "\n--\n" + RuntimeInformation.RuntimeIdentifier + "/" + TargetFramework;
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }

    private static PackageResolution? TryReadCached(string resolutionFile)
    {
        if (!File.Exists(resolutionFile)) return null;
        try
        {
            var c = JsonSerializer.Deserialize<CachedResolution>(File.ReadAllText(resolutionFile));
            if (c is null || !c.Managed.Concat(c.Native).All(File.Exists)) return null;
            return new PackageResolution(c.Versions, c.Managed, c.Native, FromCache: true);
        }
        catch (JsonException) { return null; }
    }

    private static string ProjectText(IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources)
    {
        var sb = new StringBuilder();
        sb.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
        sb.AppendLine("  <!-- Written by the labs notebook engine to restore a notebook's #r \"nuget:\" references. -->");
        sb.AppendLine($"  <PropertyGroup><TargetFramework>{TargetFramework}</TargetFramework><NoWarn>NU1603;NU1701</NoWarn>");
        sb.AppendLine("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>");
        if (sources.Count > 0)
            sb.AppendLine($"    <RestoreAdditionalProjectSources>{Escape(string.Join(';', sources))}</RestoreAdditionalProjectSources>");
        sb.AppendLine("  </PropertyGroup>");
        sb.AppendLine("  <ItemGroup>");
        foreach (var p in packages)
            sb.AppendLine($"    <PackageReference Include=\"{Escape(p.Name)}\" Version=\"{Escape(p.Version ?? "*")}\" />");
        sb.AppendLine("  </ItemGroup>");
        sb.AppendLine("</Project>");
        return sb.ToString();
    }

    private static string Escape(string s) => System.Security.SecurityElement.Escape(s);

    private static void RunRestore(string folder, IReadOnlyList<PackageReference> packages, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(DotNetHost.Path, ["restore", "restore.csproj", "-nologo", "-v", "q"])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        psi.Environment.Remove("MSBuildExtensionsPath");
        psi.Environment.Remove("MSBUILD_EXE_PATH");
        psi.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(psi) ?? throw new PackageRestoreException("could not start `dotnet restore`.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        try { process.WaitForExitAsync(cancel).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        if (process.ExitCode == 0) return;
        var errors = (stdout.Result + "\n" + stderr.Result).Split('\n')
            .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).Distinct().Take(5);
        throw new PackageRestoreException(
            $"restoring {string.Join("; ", packages)} failed: {string.Join(" | ", errors)} " +
            "Check the package name and version (a version your NuGet sources serve), or add a source with #i \"nuget: URL\".");
    }

    /// <summary>Reads the runtime and native assets for this machine's runtime identifier from a project.assets.json.</summary>
    public static PackageResolution ReadAssets(string assetsPath)
    {
        var root = JsonNode.Parse(File.ReadAllText(assetsPath))!.AsObject();
        var packageFolder = root["packageFolders"]!.AsObject().First().Key;
        var libraries = root["libraries"]!.AsObject();
        var target = root["targets"]!.AsObject().First(t => !t.Key.Contains('/')).Value!.AsObject();
        var rids = RuntimeFallbacks();
        var versions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var managed = new List<string>();
        var native = new List<string>();
        foreach (var (key, node) in target)
        {
            if (node is not JsonObject entry || (string?)entry["type"] != "package") continue;
            var slash = key.IndexOf('/');
            versions[key[..slash]] = key[(slash + 1)..];
            var packagePath = Path.Combine(packageFolder, libraries[key]!["path"]!.GetValue<string>());
            var runtimeTargets = entry["runtimeTargets"] as JsonObject ?? [];
            var ridManaged = BestRid(runtimeTargets, "runtime", rids);
            IEnumerable<string> managedAssets = ridManaged.Count > 0 ? ridManaged : (entry["runtime"] as JsonObject ?? []).Select(a => a.Key);
            foreach (var asset in managedAssets)
            {
                if (Path.GetFileName(asset) == "_._" || !asset.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) continue;
                if (IsFrameworkAssembly(asset)) continue;
                managed.Add(Path.GetFullPath(Path.Combine(packagePath, asset)));
            }
            foreach (var asset in BestRid(runtimeTargets, "native", rids))
                if (Path.GetFileName(asset) != "_._") native.Add(Path.GetFullPath(Path.Combine(packagePath, asset)));
            foreach (var asset in (entry["native"] as JsonObject ?? []).Select(a => a.Key))
                if (Path.GetFileName(asset) != "_._") native.Add(Path.GetFullPath(Path.Combine(packagePath, asset)));
        }
        return new PackageResolution(versions, managed, native, FromCache: false);
    }

    private static List<string> BestRid(JsonObject runtimeTargets, string assetType, IReadOnlyList<string> rids)
    {
        var candidates = runtimeTargets
            .Where(t => (string?)t.Value?["assetType"] == assetType)
            .Select(t => (Path: t.Key, Rank: IndexOf(rids, (string?)t.Value?["rid"])))
            .Where(t => t.Rank >= 0).ToList();
        if (candidates.Count == 0) return [];
        var best = candidates.Min(c => c.Rank);
        return candidates.Where(c => c.Rank == best).Select(c => c.Path).ToList();
    }

    private static int IndexOf(IReadOnlyList<string> list, string? value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    /// <summary>This machine's runtime identifier and its fallbacks, most specific first (e.g. linux-x64, linux, unix, any).</summary>
    public static IReadOnlyList<string> RuntimeFallbacks()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        var os = rid.Split('-')[0];
        var list = new List<string> { rid, os };
        if (os != "win") list.Add("unix");
        list.Add("any");
        return list;
    }

    /// <summary>Whether the shared framework already provides an assembly of this file name (the framework's copy wins).</summary>
    public static bool IsFrameworkAssembly(string path) => FrameworkAssemblyNames.Value.Contains(Path.GetFileNameWithoutExtension(path));

    private static readonly Lazy<HashSet<string>> FrameworkAssemblyNames = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.Contains(Path.DirectorySeparatorChar + "shared" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    private sealed record CachedResolution(Dictionary<string, string> Versions, List<string> Managed, List<string> Native);
}

/// <summary>A failed <c>#r "nuget:"</c> restore; the message names the packages and the fix.</summary>
public sealed class PackageRestoreException(string message) : Exception(message);
