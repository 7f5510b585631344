using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Notebooks.Charts;
using Course.Notebooks.Formatting;

namespace Course.Notebooks.Output;

/// <summary>
/// A value as a Jupyter MIME bundle (MIME type to content) through the <see cref="Formatter"/> in use. Strings are
/// text/plain; text/plain is always included, as nbformat asks of every display.
/// </summary>
public static class MimeBundle
{
    /// <summary>The plain text MIME type.</summary>
    public const string PlainText = "text/plain";

    /// <summary>The HTML MIME type.</summary>
    public const string Html = "text/html";

    /// <summary>The formatter every display goes through.</summary>
    public static IValueFormatter Formatter { get; set; } = new InteractiveFormatter();

    /// <summary>The bundle for <paramref name="value"/>, in the given MIME types or the formatter's preferred ones.</summary>
    public static JsonObject Of(object? value, IReadOnlyList<string>? mimeTypes = null)
    {
        var data = new JsonObject();
        var mimes = mimeTypes is { Count: > 0 } ? mimeTypes
            : value is string ? [PlainText]
            : Formatter.PreferredMimeTypes(value);
        foreach (var mime in mimes)
            data[mime] = ToNode(mime, value is string s ? s : Formatter.Format(value, mime));
        if (!data.ContainsKey(PlainText))
            data[PlainText] = value is string str ? str : Formatter.Format(value, PlainText);
        PlotlyFigure.CompleteBundle(data);
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
