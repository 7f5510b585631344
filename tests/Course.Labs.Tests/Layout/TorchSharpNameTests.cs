using System.Text.RegularExpressions;
using Course.Labs.Training;

namespace Course.Labs.Tests.Layout;

/// <summary>
/// A notebook imports TorchSharp and the library side by side, so a library type named like a TorchSharp one is an
/// ambiguity waiting to happen: only replacements in the same role may share a name, and the library aliases them once.
/// </summary>
public sealed partial class TorchSharpNameTests
{
    /// <summary>The library's types that replace TorchSharp's of the same name, and the TorchSharp type whose role they take.</summary>
    private static readonly Dictionary<string, Type> Replacements = new()
    {
        ["Course.Labs.Models.Layers.BatchNorm1d"] = typeof(TorchSharp.Modules.BatchNorm),   // same parameters, buffers, state_dict
        ["Course.Labs.Models.Layers.BatchNorm2d"] = typeof(TorchSharp.Modules.BatchNorm),
        ["Course.Labs.Optim.Adam"] = typeof(TorchSharp.Modules.Adam),                        // torch.optim.Adam, same state_dict
        ["Course.Labs.Optim.AdamW"] = typeof(TorchSharp.Modules.Adam),
    };

    [Fact]
    public void Only_same_role_replacements_share_a_name_with_a_TorchSharp_type()
    {
        var torchSharp = typeof(TorchSharp.torch).Assembly.GetExportedTypes().Select(t => t.Name.Split('`')[0]).ToHashSet();
        var clashes = typeof(Trainer).Assembly.GetExportedTypes().Where(t => torchSharp.Contains(t.Name.Split('`')[0]))
            .Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Replacements.Keys.Order(StringComparer.Ordinal), clashes);
        foreach (var (name, role) in Replacements)
            Assert.True(role.IsAssignableFrom(typeof(Trainer).Assembly.GetType(name, throwOnError: true)), $"{name} does not take {role.FullName}'s role");
    }

    [GeneratedRegex(@"^\s*using\s+\w+\s*=", RegexOptions.Multiline)]
    private static partial Regex AliasDirective();

    [Fact]
    public void The_library_aliases_in_one_place()
    {
        string root = Path.Combine(Support.RepoPaths.Root, "lib", "Course.Labs");
        var aliased = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(f => Path.GetFileName(f) != "GlobalUsings.cs" && AliasDirective().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f)).ToList();
        Assert.True(aliased.Count == 0, "files with their own using aliases (put a needed alias in GlobalUsings.cs): " + string.Join(", ", aliased));
        Assert.Contains("global using BatchNorm2d = Course.Labs.Models.Layers.BatchNorm2d;", File.ReadAllText(Path.Combine(root, "GlobalUsings.cs")));
    }
}
