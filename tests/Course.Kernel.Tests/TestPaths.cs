namespace Course.Kernel.Tests;

/// <summary>Where the tests find the repository (for the notebooks and the Release build of the labs library).</summary>
internal static class TestPaths
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Course.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The Release output of Course.Labs, which the lab notebooks load; fails with the fix when it is missing.</summary>
    public static string LabsLibrary()
    {
        string folder = Path.Combine(RepoRoot(), "lib", "Course.Labs", "bin", "Release", "net10.0");
        Assert.True(File.Exists(Path.Combine(folder, "Course.Labs.dll")), $"{folder}/Course.Labs.dll is missing: the labs load the Release build; run environment/test.sh.");
        return folder;
    }
}
