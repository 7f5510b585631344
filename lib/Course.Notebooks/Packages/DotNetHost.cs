namespace Course.Notebooks.Packages;

/// <summary>Finds the <c>dotnet</c> executable that runs this process (for restores and child processes).</summary>
public static class DotNetHost
{
    /// <summary>DOTNET_HOST_PATH when set, else the dotnet beside the running shared framework, else "dotnet" on PATH.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment)) return fromEnvironment;
        var runtimeDir = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (runtimeDir is not null)
        {
            var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(runtimeDir, "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
            if (File.Exists(candidate)) return candidate;
        }
        return "dotnet";
    }
}
