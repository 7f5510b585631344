using Course.Notebooks.Output;

// In namespace System, as in .NET Interactive, so notebooks call value.Display() with the default imports.
namespace System;

/// <summary>The display extension methods of the C# kernel: <c>value.Display()</c> and <c>text.DisplayAs(mime)</c>.</summary>
public static class DisplayExtensions
{
    /// <summary>Shows the value in the cell's outputs, in the given MIME types (default: the formatter's preferred ones).</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) => DisplayedValue.Show(value, mimeTypes);

    /// <summary>Shows the text as the given MIME type (e.g. "text/html", "text/markdown").</summary>
    public static DisplayedValue DisplayAs(this string value, string mimeType) => DisplayedValue.Show(value, [mimeType]);
}
