namespace Course.Labs.Data;

/// <summary>
/// Where the data sets live. A data set's folder is looked for, in order, under: the folder named by the environment
/// variable <c>LABS_DATA</c> (when set), the per-user cache (<see cref="UserCache()"/>: where a student release's set-up
/// fetches them), and the <c>data/</c> folder beside <c>Course.sln</c> (the course repository, found by walking up from
/// the current directory and from the application's base directory). A missing one's error names every folder looked
/// in and the command that fetches it (<see cref="FetchCommand"/>).
/// </summary>
public static class DataPaths
{
    /// <summary>The environment variable that overrides the data root.</summary>
    public const string EnvironmentVariable = "LABS_DATA";

    /// <summary>The file at the root of a student release (written by <c>labs release</c>); its <c>setup.sh</c> lies beside it.</summary>
    public const string ReleaseMarker = "labs-release.json";

    /// <summary>The fix every "data missing" message gives: the exact command that fetches the data sets here.</summary>
    public static string FetchHint
        => (FetchCommand() is { } command
               ? $"run `{command}` (it fetches the data sets)"
               : "run `bash setup.sh` in the course's student folder (or `bash environment/fetch-data.sh` in the course repository)")
           + $", or set {EnvironmentVariable} to a folder that holds them";

    /// <summary>
    /// The folder to read and write data in when no particular data set is asked for (lab 9 writes its generated set
    /// there): the first of the <see cref="SearchFolders"/> that exists, else the per-user cache.
    /// Throws <see cref="DirectoryNotFoundException"/> when LABS_DATA names a folder that does not exist.
    /// </summary>
    public static string Root => Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), UserCache(), Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <summary>The folders searched for data sets on this machine, in order (see the class summary).</summary>
    public static IReadOnlyList<string> SearchFolders
        => Candidates(Environment.GetEnvironmentVariable(EnvironmentVariable), UserCache(), Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <summary>The data folders to search for a given LABS_DATA value (null or blank: unset), per-user cache and start folders for the Course.sln search.</summary>
    public static IReadOnlyList<string> Candidates(string? labsData, string userCache, params string[] searchFrom)
    {
        var folders = new List<string>();
        if (!string.IsNullOrWhiteSpace(labsData)) folders.Add(Path.GetFullPath(labsData));
        folders.Add(Path.GetFullPath(userCache));
        if (searchFrom.Select(FindAbove("Course.sln")).FirstOrDefault(f => f is not null) is { } repo) folders.Add(Path.Combine(repo, "data"));
        return folders.Distinct().ToList();
    }

    /// <summary>
    /// The data root for a given LABS_DATA value, per-user cache and start folders: LABS_DATA when set (it must exist),
    /// else the first existing of the cache and the repository's data folder, else the cache.
    /// </summary>
    public static string Resolve(string? labsData, string userCache, params string[] searchFrom)
    {
        if (!string.IsNullOrWhiteSpace(labsData))
        {
            if (!Directory.Exists(labsData))
                throw new DirectoryNotFoundException($"{EnvironmentVariable} points to '{labsData}', which does not exist: {FetchHint}.");
            return Path.GetFullPath(labsData);
        }
        var candidates = Candidates(null, userCache, searchFrom);
        return candidates.FirstOrDefault(Directory.Exists) ?? candidates[0];
    }

    /// <summary>
    /// The per-user data cache: <c>$XDG_CACHE_HOME/labs/data</c> or <c>~/.cache/labs/data</c> on Linux,
    /// <c>~/Library/Caches/labs/data</c> on macOS, <c>%LOCALAPPDATA%\labs\data</c> on Windows.
    /// </summary>
    public static string UserCache()
        => UserCache(OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux",
                     Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The per-user data cache of an OS ("linux", "macos", "windows") for an environment and home folder.</summary>
    public static string UserCache(string os, Func<string, string?> environment, string home)
    {
        string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;
        return os switch
        {
            "windows" => Path.Join(Variable("LOCALAPPDATA") ?? Path.Join(home, "AppData", "Local"), "labs", "data"),
            "macos" => Path.Join(home, "Library", "Caches", "labs", "data"),
            _ => Path.Join(Variable("XDG_CACHE_HOME") ?? Path.Join(home, ".cache"), "labs", "data"),
        };
    }

    /// <summary>
    /// The full path of one data set's folder: under <paramref name="root"/> when given, else the first of the
    /// <see cref="SearchFolders"/> that holds it. A missing one throws <see cref="DirectoryNotFoundException"/> naming
    /// the folders looked in and the command that fetches it.
    /// </summary>
    public static string Require(string dataSetFolder, string? root = null)
        => Find(dataSetFolder, root)
           ?? throw Missing($"Data set folder '{dataSetFolder}'", (root is null ? SearchFolders : [root]).Select(f => Path.Combine(f, dataSetFolder)));

    /// <summary>The first folder holding <paramref name="dataSetFolder"/> (under <paramref name="root"/> when given), or null.</summary>
    public static string? Find(string dataSetFolder, string? root = null)
        => (root is null ? SearchFolders : [root]).Select(f => Path.Combine(f, dataSetFolder)).FirstOrDefault(Directory.Exists);

    /// <summary>The error for <paramref name="what"/> (a data set), found in none of the folders <paramref name="lookedIn"/>.</summary>
    public static DirectoryNotFoundException Missing(string what, IEnumerable<string> lookedIn)
        => new($"{what} is missing: looked in {string.Join(", ", lookedIn.Select(f => $"'{f}'"))}; {FetchHint}.");

    /// <summary>
    /// The command that fetches the data sets for the course files above the current directory (or the application):
    /// a student release's <c>bash RELEASE/setup.sh</c>, else the repository's <c>bash REPO/environment/fetch-data.sh</c>;
    /// null when neither is found.
    /// </summary>
    public static string? FetchCommand()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            if (FindAbove(ReleaseMarker)(start) is { } release) return $"bash {Quote(Path.Combine(release, "setup.sh"))}";
            if (FindAbove("Course.sln")(start) is { } repo) return $"bash {Quote(Path.Combine(repo, "environment", "fetch-data.sh"))}";
        }
        return null;
    }

    private static string Quote(string path) => path.Contains(' ') ? $"'{path}'" : path;

    /// <summary>The nearest folder at or above a start folder that holds <paramref name="fileName"/>, or null.</summary>
    private static Func<string, string?> FindAbove(string fileName) => start =>
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, fileName)))
                return folder.FullName;
        return null;
    };
}
