namespace Course.Labs.Data;

/// <summary>
/// Where the data sets live: the folder named by the environment variable <c>LABS_DATA</c> if set, else the
/// <c>data/</c> folder beside <c>Course.sln</c>, found by walking up from the current directory and from the
/// application's base directory. <c>environment/setup.sh</c> fills it.
/// </summary>
public static class DataPaths
{
    /// <summary>The environment variable that overrides the data root.</summary>
    public const string EnvironmentVariable = "LABS_DATA";

    /// <summary>The fix every "data missing" message gives.</summary>
    public const string FetchHint = "run environment/setup.sh (it fetches the data sets into data/), or set LABS_DATA to a folder that holds them";

    /// <summary>The data root. Throws <see cref="DirectoryNotFoundException"/>, naming the fix, when none is found.</summary>
    public static string Root
        => Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable), Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

    /// <summary>
    /// The data root for a given <c>LABS_DATA</c> value (null or blank: unset) and the folders to search upwards
    /// from for Course.sln.
    /// </summary>
    public static string Resolve(string? labsData, params string[] searchFrom)
    {
        if (!string.IsNullOrWhiteSpace(labsData))
        {
            if (!Directory.Exists(labsData))
                throw new DirectoryNotFoundException($"LABS_DATA points to '{labsData}', which does not exist: {FetchHint}.");
            return Path.GetFullPath(labsData);
        }
        var solutionFolder = searchFrom.Select(FindSolutionFolder).FirstOrDefault(folder => folder is not null);
        if (solutionFolder is null)
            throw new DirectoryNotFoundException(
                $"No data folder: LABS_DATA is not set and no Course.sln lies above {string.Join(" or ", searchFrom.Select(f => $"'{f}'"))}; {FetchHint}.");
        return Path.Combine(solutionFolder, "data");
    }

    /// <summary>The full path of one data set's folder under <paramref name="root"/> (default <see cref="Root"/>), which must exist.</summary>
    public static string Require(string dataSetFolder, string? root = null)
    {
        var path = Path.Combine(root ?? Root, dataSetFolder);
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"Data set folder '{path}' is missing: {FetchHint}.");
        return path;
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds Course.sln, or null.</summary>
    internal static string? FindSolutionFolder(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Course.sln")))
                return folder.FullName;
        return null;
    }
}
