using Course.Notebooks.Output;
using Microsoft.DotNet.Interactive.Formatting.TabularData;

// In namespace System, as in .NET Interactive, so notebooks call value.Display() with the default imports.
namespace System;

/// <summary>The display extension methods of Polyglot's C# kernel: <c>value.Display()</c>, <c>text.DisplayAs(mime)</c>, <c>rows.DisplayTable()</c>.</summary>
public static class DisplayExtensions
{
    /// <summary>Shows the value in the cell's outputs, in the given MIME types (default: the formatter's preferred ones).</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => DisplayedValue.Show(value, mimeTypes);

    /// <summary>Shows the text as the given MIME type (e.g. "text/html", "text/markdown"), as it is.</summary>
    public static DisplayedValue DisplayAs(this string value, string mimeType) => DisplayedValue.Show(value, [mimeType]);

    /// <summary>Shows the rows as a table whose columns are the properties (a tabular data resource, as Polyglot does).</summary>
    public static DisplayedValue DisplayTable<T>(this IEnumerable<T> value, params string[] mimeTypes)
        => value is null ? DisplayedValue.Show(null, mimeTypes) : DisplayedValue.Show(value.ToTabularDataResource(), mimeTypes);
}
