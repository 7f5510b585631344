namespace Course.Architecture.Tests;

/// <summary>
/// No namespace of any project of the solution depends on itself through other namespaces (STYLE.md: arrows one
/// way, no circles). Read from the compiled assemblies (environment/test.sh builds the solution first; building
/// this project builds every other one too).
/// </summary>
public sealed class NamespaceCycleTests
{
    /// <summary>
    /// Cycles that another change under way removes, each named with that change: a cycle among these namespaces only
    /// is let through, anything else fails. Remove an entry when its cycle is gone (the test then keeps it gone).
    /// </summary>
    private static readonly (string Project, string[] Namespaces, string Why)[] BeingRemoved = [];

    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (var project in SolutionProjects.All()) data.Add(project.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void Has_no_namespace_cycle(string name)
    {
        var project = SolutionProjects.All().Single(p => p.Name == name);
        Assert.True(File.Exists(project.AssemblyPath),
            $"{project.AssemblyPath} is missing: build the solution first (dotnet build Course.sln -c {SolutionProjects.Configuration}).");
        var dependencies = NamespaceDependencies.Read(project.AssemblyPath);
        var cycles = NamespaceCycles.Find(dependencies.Uses)
            .Where(c => !BeingRemoved.Any(b => b.Project == name && c.All(b.Namespaces.Contains)))
            .ToList();
        Assert.True(cycles.Count == 0,
            $"{name} has namespace cycles (make the arrows go one way: move the shared type down, or the using code up):\n"
            + string.Join("\n", cycles.Select(c => NamespaceCycles.Describe(c, dependencies.Uses))));
    }

    [Fact]
    public void Every_project_of_the_solution_is_checked()
    {
        var projects = SolutionProjects.All();
        Assert.Contains(projects, p => p.Name == "Course.Labs");
        Assert.Contains(projects, p => p.Name == "Course.Notebooks");
        Assert.Contains(projects, p => p.Name == "Course.Architecture.Tests");
        var missing = projects.Where(p => !File.Exists(p.AssemblyPath)).Select(p => p.AssemblyPath).ToList();
        Assert.True(missing.Count == 0, "not built: " + string.Join(", ", missing));
    }
}
