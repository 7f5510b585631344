using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Course.Notebooks.Rendering;

/// <summary>
/// plotly.js as embedded in Plotly.NET (resource <c>Plotly.NET.plotly-X.min.js</c>), read from the package in
/// the NuGet global packages folder without loading the assembly, so report pages can show charts offline.
/// </summary>
public static class PlotlyScript
{
    private static readonly Lazy<string?> script = new(Load);

    /// <summary>The script text, or null when no Plotly.NET package is on this machine.</summary>
    public static string? Text => script.Value;

    /// <summary>The Plotly.NET.dll files found, newest version first.</summary>
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

    private static string? Load()
    {
        foreach (var dll in Candidates())
            if (ReadResource(dll, name => name.StartsWith("Plotly.NET.plotly", StringComparison.Ordinal) && name.EndsWith(".min.js", StringComparison.Ordinal)) is { } text)
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
