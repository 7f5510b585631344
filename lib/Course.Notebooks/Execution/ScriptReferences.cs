using Course.Notebooks.Output;
using Microsoft.AspNetCore.Html;
using Microsoft.CodeAnalysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace Course.Notebooks.Execution;

/// <summary>The references every notebook starts with: the shared framework, the engine (display API) and Formatting.</summary>
public static class ScriptReferences
{
    /// <summary>The C# kernel's default imports, as in .NET Interactive.</summary>
    public static readonly string[] DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> defaults = new(Create);

    /// <summary>Created once per process and shared, so later notebooks reuse the loaded metadata.</summary>
    public static IReadOnlyList<MetadataReference> Defaults => defaults.Value;

    private static IReadOnlyList<MetadataReference> Create()
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = Directory.EnumerateFiles(frameworkDir, "*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.DiaSymReader", StringComparison.Ordinal));
        var host = new[] { typeof(DisplayedValue).Assembly, typeof(Formatter).Assembly, typeof(HtmlString).Assembly }
            .Select(a => a.Location);
        return framework.Concat(host).Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }
}
