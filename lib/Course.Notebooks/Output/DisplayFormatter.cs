using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Formatting;

namespace Course.Notebooks.Output;

/// <summary>
/// Turns values into MIME bundles through Microsoft.DotNet.Interactive.Formatting, so formatters registered
/// with <c>Formatter.Register&lt;T&gt;</c> apply. Strings are text/plain; text/plain is always included.
/// </summary>
public static class DisplayFormatter
{
    /// <summary>The MIME bundle for <paramref name="value"/>, in the given MIME types or the formatter's preferred ones.</summary>
    public static JsonObject Format(object? value, IReadOnlyList<string>? mimeTypes = null)
    {
        var data = new JsonObject();
        if (value is null)
        {
            data[PlainTextFormatter.MimeType] = "<null>";
            return data;
        }
        var mimes = mimeTypes is { Count: > 0 } ? mimeTypes
            : value is string ? [PlainTextFormatter.MimeType]
            : Formatter.GetPreferredMimeTypesFor(value.GetType()).ToList();
        foreach (var mime in mimes)
            data[mime] = ToNode(mime, value is string s ? s : value.ToDisplayString(mime));
        if (!data.ContainsKey(PlainTextFormatter.MimeType))
            data[PlainTextFormatter.MimeType] = value is string str ? str : value.ToDisplayString(PlainTextFormatter.MimeType);
        return data;
    }

    /// <summary>Whether nbformat stores this MIME type as JSON rather than text.</summary>
    public static bool IsJsonMime(string mime)
        => mime == "application/json" || (mime.StartsWith("application/", StringComparison.Ordinal) && mime.EndsWith("+json", StringComparison.Ordinal));

    private static JsonNode? ToNode(string mime, string text)
    {
        if (!IsJsonMime(mime)) return text;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return text; }
    }
}
