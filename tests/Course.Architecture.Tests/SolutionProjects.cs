using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Course.Architecture.Tests;

/// <summary>A C# project of Course.sln and the assembly its build writes.</summary>
public sealed record SolutionProject(string Name, string ProjectPath, string AssemblyPath)
{
    public override string ToString() => Name;
}

/// <summary>The C# projects listed in Course.sln, with the path of their build output for this test's configuration.</summary>
public static partial class SolutionProjects
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The configuration this test project was built with (Release or Debug); the other projects are read from the same.</summary>
    public static string Configuration { get; } = typeof(SolutionProjects).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""([^""]+)"", ""([^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();

    public static IReadOnlyList<SolutionProject> All()
    {
        string solution = File.ReadAllText(Path.Combine(RepoRoot, "Course.sln"));
        return ProjectLine().Matches(solution).Select(m =>
        {
            string path = Path.Combine(RepoRoot, m.Groups[2].Value.Replace('\\', '/'));
            return new SolutionProject(m.Groups[1].Value, path, OutputOf(path));
        }).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>bin/CONFIGURATION/TFM/ASSEMBLY.dll of a project (AssemblyName and TargetFramework from the project or Directory.Build.props).</summary>
    private static string OutputOf(string projectPath)
    {
        var project = XDocument.Load(projectPath);
        string? Property(XDocument doc, string name) => doc.Descendants(name).Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
        var props = XDocument.Load(Path.Combine(RepoRoot, "Directory.Build.props"));
        string assembly = Property(project, "AssemblyName") ?? Path.GetFileNameWithoutExtension(projectPath);
        string framework = Property(project, "TargetFramework") ?? Property(props, "TargetFramework")
            ?? throw new InvalidDataException($"{projectPath}: no TargetFramework in the project or Directory.Build.props.");
        return Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", Configuration, framework, assembly + ".dll");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Course.sln not found above " + AppContext.BaseDirectory);
    }
}
