using Course.Notebooks.Output;
using Microsoft.AspNetCore.Html;
using Microsoft.CodeAnalysis;

namespace Course.Notebooks.Execution;

/// <summary>The references every notebook starts with: the shared framework, the engine (display API) and Formatting.</summary>
public static class ScriptReferences
{
    /// <summary>
    /// The imports of every cell: Polyglot's C# kernel's six, and Microsoft.DotNet.Interactive.Formatting, which Polyglot
    /// documented as open by default and whose LaTeXString and MathString its notebooks use without a using.
    /// </summary>
    public static readonly string[] DefaultImports =
    [
        "System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq",
        "Microsoft.DotNet.Interactive.Formatting",
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> defaults = new(Create);

    /// <summary>Created once per process and shared, so later notebooks reuse the loaded metadata.</summary>
    public static IReadOnlyList<MetadataReference> Defaults => defaults.Value;

    private static IReadOnlyList<MetadataReference> Create()
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = Directory.EnumerateFiles(frameworkDir, "*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.DiaSymReader", StringComparison.Ordinal));
        var host = new[] { typeof(DisplayedValue).Assembly, Formatting.InteractiveFormatter.LibraryAssembly, typeof(HtmlString).Assembly }
            .Select(a => a.Location);
        return framework.Concat(host).Distinct().Select(FromFile).ToList();
    }

    /// <summary>
    /// A reference to an assembly with its XML documentation (beside it, or for the shared framework in the SDK's reference
    /// pack), so that the kernel's completion and inspection can show it.
    /// </summary>
    public static MetadataReference FromFile(string path)
    {
        var xml = Path.ChangeExtension(path, ".xml");
        if (!File.Exists(xml) && ReferencePack.Value is { } pack) xml = Path.Combine(pack, Path.GetFileNameWithoutExtension(path) + ".xml");
        return MetadataReference.CreateFromFile(path, documentation: File.Exists(xml) ? new XmlDocumentation(xml) : null);
    }

    /// <summary>The SDK's reference pack of the running framework (…/packs/Microsoft.NETCore.App.Ref/V/ref/netX.Y), when installed.</summary>
    private static readonly Lazy<string?> ReferencePack = new(() =>
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var packs = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        if (!Directory.Exists(packs)) return null;
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        return Directory.EnumerateDirectories(packs)
            .Select(d => Path.Combine(d, "ref", tfm))
            .Where(Directory.Exists)
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))), out var v) ? v : new Version())
            .FirstOrDefault();
    });
}
