namespace Course.Labs.Tests.Support;

/// <summary>The repository the tests run from: the folder above the test binaries that holds Course.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Course.sln above {AppContext.BaseDirectory}.");
    }
}
