using System.Globalization;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace Course.Notebooks.Execution;

/// <summary>
/// An assembly's XML documentation file as Roslyn asks for it (member id to its <c>&lt;member&gt;</c> XML), read on first
/// use; what the kernel's inspection and completion show of a framework or package API.
/// </summary>
public sealed class XmlDocumentation(string path) : DocumentationProvider
{
    private readonly Lazy<Dictionary<string, string>> members = new(() => Load(path));

    /// <inheritdoc />
    protected override string? GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default)
        => members.Value.GetValueOrDefault(documentationMemberID);

    private static Dictionary<string, string> Load(string path)
    {
        try
        {
            return XDocument.Load(path).Descendants("member")
                .Where(m => m.Attribute("name") is not null)
                .GroupBy(m => (string)m.Attribute("name")!)
                .ToDictionary(g => g.Key, g => g.First().ToString(SaveOptions.DisableFormatting));
        }
        catch (Exception e) when (e is IOException or System.Xml.XmlException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is XmlDocumentation other && other.Path == Path;

    /// <inheritdoc />
    public override int GetHashCode() => Path.GetHashCode(StringComparison.Ordinal);

    private string Path => path;
}
