using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Course.Notebooks.Charts;

/// <summary>
/// plotly.js as Plotly.NET embeds it (resource <c>Plotly.NET.plotly-X.min.js</c>; Plotly.NET 6 carries 2.28.0), for charts
/// and report pages that work offline: from the Plotly.NET a notebook loaded, else from the newest Plotly.NET package in
/// the NuGet global packages folder, read without loading it.
/// </summary>
public static class PlotlyScript
{
    private static readonly Lazy<string?> FromPackages = new(LoadFromPackages);

    /// <summary>The script text, or null when no Plotly.NET is loaded or on this machine.</summary>
    public static string? Text => FromLoadedAssembly() ?? FromPackages.Value;

    /// <summary>Whether a resource name is Plotly.NET's copy of plotly.js.</summary>
    public static bool IsPlotlyResource(string name)
        => name.StartsWith("Plotly.NET.plotly", StringComparison.Ordinal) && name.EndsWith(".min.js", StringComparison.Ordinal);

    /// <summary>The Plotly.NET.dll files in the NuGet global packages folder, newest version first.</summary>
    public static IEnumerable<string> Candidates()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var package = Path.Combine(root, "plotly.net");
        if (!Directory.Exists(package)) return [];
        return Directory.EnumerateDirectories(package)
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
            .SelectMany(d => Directory.Exists(Path.Combine(d, "lib"))
                ? Directory.EnumerateFiles(Path.Combine(d, "lib"), "Plotly.NET.dll", SearchOption.AllDirectories)
                : []);
    }

    private static string? FromLoadedAssembly()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetName().Name != "Plotly.NET" || assembly.IsDynamic) continue;
            var name = assembly.GetManifestResourceNames().FirstOrDefault(IsPlotlyResource);
            if (name is null || assembly.GetManifestResourceStream(name) is not { } stream) continue;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        return null;
    }

    private static string? LoadFromPackages()
    {
        foreach (var dll in Candidates())
            if (ReadResource(dll, IsPlotlyResource) is { } text)
                return text;
        return null;
    }

    /// <summary>The text of the first embedded resource of an assembly whose name matches, or null.</summary>
    public static string? ReadResource(string assemblyPath, Func<string, bool> match)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || !match(metadata.GetString(resource.Name))) continue;
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress).GetReader();
            block.Offset = (int)resource.Offset;
            var length = block.ReadInt32();
            return Encoding.UTF8.GetString(block.ReadBytes(length));
        }
        return null;
    }
}
