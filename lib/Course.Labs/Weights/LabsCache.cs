namespace Course.Labs.Weights;

/// <summary>
/// The per-user cache the library keeps converted weights in: <c>LABS_CACHE</c> when set; else on Linux
/// <c>$XDG_CACHE_HOME/labs</c> (<c>~/.cache/labs</c> without it), on macOS <c>~/Library/Caches/labs</c>, on Windows
/// <c>%LOCALAPPDATA%\labs\cache</c>. Everything in it can be deleted; it is rebuilt when needed.
/// </summary>
public static class LabsCache
{
    /// <summary>The cache's root folder (not created until something is written).</summary>
    public static string Root => FromEnvironment(Environment.GetEnvironmentVariable,
        OperatingSystem.IsWindows() ? Platform.Windows : OperatingSystem.IsMacOS() ? Platform.MacOS : Platform.Unix);

    /// <summary>A folder under the cache root, e.g. <c>pretrained</c>.</summary>
    public static string Folder(string name) => Path.Combine(Root, name);

    internal enum Platform { Unix, MacOS, Windows }

    /// <summary>The rule above for <paramref name="platform"/>, reading variables through <paramref name="variable"/> (testable without touching the process's environment).</summary>
    internal static string FromEnvironment(Func<string, string?> variable, Platform platform)
    {
        if (NonEmpty(variable("LABS_CACHE")) is { } overridden) return Path.GetFullPath(overridden);
        if (platform == Platform.Windows)
            return Path.Combine(NonEmpty(variable("LOCALAPPDATA")) ?? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "labs", "cache");
        string home = NonEmpty(variable("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (platform == Platform.MacOS)
            return Path.Combine(home, "Library", "Caches", "labs");
        // XDG: a relative XDG_CACHE_HOME is invalid and must be ignored.
        if (NonEmpty(variable("XDG_CACHE_HOME")) is { } xdg && Path.IsPathRooted(xdg)) return Path.Combine(xdg, "labs");
        return Path.Combine(home, ".cache", "labs");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
