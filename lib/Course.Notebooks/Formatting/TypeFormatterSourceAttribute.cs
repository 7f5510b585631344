namespace Course.Notebooks.Formatting;

/// <summary>
/// Names a type's formatter source by the convention .NET Interactive's formatter looks for (an attribute of this name
/// with a <see cref="FormatterSourceType"/> whose <c>CreateTypeFormatters()</c> yields objects with a <c>MimeType</c> and
/// a <c>Format(object, TextWriter)</c>), as TorchSharp and Plotly.NET do: the type needs no reference to that library.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The formatter source's type.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>The MIME types the type is shown in by default.</summary>
    public string[]? PreferredMimeTypes { get; init; }
}

/// <summary>A formatter by that convention: text of one MIME type from a value.</summary>
public sealed class ConventionFormatter(Type type, string mimeType, Func<object, string> format)
{
    /// <summary>The type it formats (and its subtypes).</summary>
    public Type Type { get; } = type;

    /// <summary>The MIME type it writes.</summary>
    public string MimeType { get; } = mimeType;

    /// <summary>Writes the value; true when it did.</summary>
    public bool Format(object value, TextWriter writer)
    {
        writer.Write(format(value));
        return true;
    }
}
