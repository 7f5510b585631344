namespace Course.Notebooks.Formatting;

/// <summary>
/// Turns a value into text of a MIME type. The engine formats values only through this interface
/// (the engine's MIME bundles are made with the one in use), so the library behind it can be replaced without touching the engine.
/// </summary>
public interface IValueFormatter
{
    /// <summary>The MIME types a value is shown in when a display names none, most preferred first.</summary>
    IReadOnlyList<string> PreferredMimeTypes(object? value);

    /// <summary>The value (null included) as text of <paramref name="mimeType"/>.</summary>
    string Format(object? value, string mimeType);

    /// <summary>Forgets what notebook code registered (a restarted kernel starts from the defaults).</summary>
    void ResetToDefault();
}
