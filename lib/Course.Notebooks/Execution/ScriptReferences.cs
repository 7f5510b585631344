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
        return framework.Concat(host).Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }
}
