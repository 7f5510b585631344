using Microsoft.DotNet.Interactive.Formatting;

namespace Course.Notebooks.Formatting;

/// <summary>
/// <see cref="IValueFormatter"/> on Microsoft.DotNet.Interactive.Formatting, the library Polyglot notebooks program
/// against (<c>Formatter.Register</c>, <c>SetPreferredMimeTypesFor</c>, <c>ListExpansionLimit</c>, PocketView, TorchSharp's
/// and Plotly.NET's <c>[TypeFormatterSource]</c>): what a notebook registers there is what this formatter uses. The files
/// of this folder are the only places the engine touches that library.
/// </summary>
public sealed class InteractiveFormatter : IValueFormatter
{
    /// <summary>The library's assembly, which every cell references (notebooks call its <c>Formatter</c> directly).</summary>
    public static System.Reflection.Assembly LibraryAssembly => typeof(Formatter).Assembly;

    /// <inheritdoc />
    public IReadOnlyList<string> PreferredMimeTypes(object? value)
    {
        KnownFormatters.EnsureRegistered();
        return Formatter.GetPreferredMimeTypesFor(value?.GetType() ?? typeof(object)).ToList();
    }

    /// <inheritdoc />
    public string Format(object? value, string mimeType)
    {
        KnownFormatters.EnsureRegistered();
        return Formatter.ToDisplayString(value!, mimeType);
    }

    /// <inheritdoc />
    public void ResetToDefault() => Formatter.ResetToDefault();
}
