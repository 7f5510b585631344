using Course.Notebooks.Execution;
using Course.Notebooks.Packages;

namespace Course.Grading.Sandbox;

/// <summary>One read-only view: <paramref name="Source"/> on the host shown at <paramref name="Destination"/> in the sandbox.</summary>
public sealed record Bind(string Source, string Destination);

/// <summary>
/// What a submission's sandbox shows, worked out once from the key: read-only views of exactly what the key's cells
/// need, each at its own path so that the key's references resolve unchanged (the <c>#r</c>'d DLLs' folders, the NuGet
/// package folders their .deps.json and the <c>#r "nuget:"</c> restores name, the restore cache entries, the native
/// fixes, the data sets, the .NET runtime and the <c>labs</c> program), a fresh writable folder at the key's folder
/// holding only the student's notebook, and an allowlisted environment. Nothing else of the repository, never the key,
/// the submissions or the output folder.
/// </summary>
public sealed record SandboxView(
    IReadOnlyList<Bind> ReadOnly, string WorkFolder, string NotebookName, IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> WorkerCommand)
{
    /// <summary>Variables passed through from the grader's environment when set there (thread counts, time zone).</summary>
    public static readonly string[] PassThrough = ["OMP_NUM_THREADS", "MKL_NUM_THREADS", "LABS_THREADS", "TZ", "LANG"];

    /// <summary>
    /// The view for grading against the key at <paramref name="keyPath"/>, whose cells load <paramref name="references"/>.
    /// <paramref name="protectedPaths"/> (the key, the
    /// submissions, the output folder) must not lie inside any view; if one does, an <see cref="ArgumentException"/> says
    /// which and what to move.
    /// </summary>
    public static SandboxView ForKey(string keyPath, KeyReferences references, NuGetRestorer restorer, LabsCommand labs, long memoryMegabytes,
        IEnumerable<string> protectedPaths)
    {
        string keyFolder = Path.GetDirectoryName(Path.GetFullPath(keyPath))!;
        var binds = new List<Bind>();
        void Add(string path)
        {
            if (File.Exists(path) || Directory.Exists(path)) binds.Add(new Bind(Real(path), Path.GetFullPath(path)));
        }
        string packagesRoot = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                              ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        void AddPackageOf(string file)
        {
            var relative = Path.GetRelativePath(packagesRoot, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Length > 2 && parts[0] != "..") Add(Path.Combine(packagesRoot, parts[0], parts[1]));
            else Add(Path.GetDirectoryName(file)!);
        }

        foreach (var dll in references.Dlls) Add(Path.GetDirectoryName(dll)!);
        foreach (var file in references.Files) AddPackageOf(file);
        foreach (var folder in references.RestoreFolders.Concat(references.PackageFolders)) Add(folder);

        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin", ["HOME"] = "/tmp", ["TMPDIR"] = "/tmp", ["LANG"] = "C.UTF-8",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1", ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            // No diagnostic port, debugger or profiler attach: one less way into the worker's memory.
            ["DOTNET_EnableDiagnostics"] = "0",
            ["NUGET_PACKAGES"] = packagesRoot, ["LABS_NUGET_CACHE"] = restorer.CacheRoot,
        };
        foreach (var name in PassThrough)
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value) env[name] = value;
        foreach (var (name, value) in NotebookProcessEnvironment.Variables) env[name] = System.Environment.GetEnvironmentVariable(name) ?? value;
        if (memoryMegabytes > 0)   // the managed heap stops first, so most overruns are an OutOfMemoryException in the cell
            env["DOTNET_GCHeapHardLimit"] = "0x" + (memoryMegabytes * 1024 * 1024 * 8 / 10).ToString("X");

        if (NativeFixes.Locate(keyFolder) is { } fixesPath)
        {
            Add(fixesPath);
            foreach (var replacement in NativeFixes.Load(fixesPath).Replacements) Add(Path.GetDirectoryName(replacement)!);
            env[NativeFixes.EnvironmentVariable] = Path.GetFullPath(fixesPath);
        }
        // Weights the library converted already or an instructor put in its per-user cache (pretrained/, weights/), shown
        // read-only where the library looks with HOME=/tmp; the rest of that cache stays the sandbox's own.
        if (LabsCache() is { } cache)
            foreach (var folder in WeightFolders)
                if (Directory.Exists(Path.Combine(cache, folder)))
                    binds.Add(new Bind(Real(Path.Combine(cache, folder)), "/tmp/.cache/labs/" + folder));
        // Weights an instructor brings for the library (torchvision's, converted): each LABS_WEIGHTS folder shown read-only.
        var weights = (System.Environment.GetEnvironmentVariable("LABS_WEIGHTS") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath).Where(Directory.Exists).ToList();
        foreach (var folder in weights) Add(folder);
        if (weights.Count > 0) env["LABS_WEIGHTS"] = string.Join(Path.PathSeparator, weights);
        if (DataRoot(keyFolder) is { } data)
        {
            // Each data set on its own (data/ often holds links to where the sets were fetched).
            foreach (var entry in Directory.EnumerateFileSystemEntries(data)) Add(entry);
            env["LABS_DATA"] = data;
        }

        // The runtime and the worker.
        string dotnet = Real(DotNetHost.Path);
        Add(Path.GetDirectoryName(dotnet)!);
        var command = new List<string> { labs.FileName };
        command.AddRange(labs.PrefixArguments);
        command.Add("sandbox-worker");
        string program = labs.PrefixArguments.Count > 0 ? labs.PrefixArguments[0] : labs.FileName;
        Add(Path.GetDirectoryName(Path.GetFullPath(program))!);
        if (Path.IsPathRooted(labs.FileName)) Add(Path.GetDirectoryName(labs.FileName)!);
        env["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet)!;
        if (!Path.IsPathRooted(command[0])) command[0] = command[0] == "dotnet" ? dotnet : command[0];

        var distinct = binds.DistinctBy(b => b.Destination).ToList();
        CheckProtected(distinct, protectedPaths);
        return new SandboxView(distinct, keyFolder, Path.GetFileName(keyPath), env, command);
    }

    /// <summary>The folders of the labs library's per-user cache that hold weights (Course.Labs.Weights: LabsCache.Folder(...)).</summary>
    public static readonly string[] WeightFolders = ["pretrained", "weights"];

    /// <summary>
    /// The labs library's per-user cache on Linux, by its rule (Course.Labs.Weights.LabsCache, which grading does not
    /// reference): LABS_CACHE, else an absolute $XDG_CACHE_HOME/labs, else ~/.cache/labs; null without a home folder.
    /// </summary>
    private static string? LabsCache()
    {
        static string? Variable(string name) => System.Environment.GetEnvironmentVariable(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v : null;
        if (Variable("LABS_CACHE") is { } configured) return Path.GetFullPath(configured);
        if (Variable("XDG_CACHE_HOME") is { } xdg && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "labs");
        string? home = Variable("HOME") ?? (System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile) is { Length: > 0 } h ? h : null);
        return home is null ? null : Path.Combine(home, ".cache", "labs");
    }

    /// <summary>LABS_DATA, else the data/ folder beside the Course.sln above the key (as the labs library finds it); null when neither exists.</summary>
    private static string? DataRoot(string keyFolder)
    {
        if (System.Environment.GetEnvironmentVariable("LABS_DATA") is { Length: > 0 } fromEnvironment)
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        for (var dir = new DirectoryInfo(keyFolder); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln")))
                return Directory.Exists(Path.Combine(dir.FullName, "data")) ? Path.Combine(dir.FullName, "data") : null;
        return null;
    }

    private static void CheckProtected(IEnumerable<Bind> binds, IEnumerable<string> protectedPaths)
    {
        foreach (var p in protectedPaths)
        {
            string real = Real(p);
            foreach (var b in binds)
                if (Inside(real, b.Source) || Inside(Path.GetFullPath(p), b.Destination))
                    throw new ArgumentException(
                        $"the sandbox would show {b.Destination}, which holds {p}: submissions must not see it. " +
                        "Keep the key, the submissions and the output folder out of the library, data, NuGet and .NET folders.");
        }
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies inside it.</summary>
    public static bool Inside(string path, string folder)
        => path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>The path with every symbolic link resolved.</summary>
    public static string Real(string path) => Real(path, 0);

    private static string Real(string path, int depth)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is { } target && depth < 40) current = Real(Path.GetFullPath(target, Path.GetDirectoryName(current)!), depth + 1);
        }
        return current;
    }
}
