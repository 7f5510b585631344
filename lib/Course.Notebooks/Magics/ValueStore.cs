using System.Text.Json;

namespace Course.Notebooks.Magics;

/// <summary>Polyglot's value kernel: raw text stored by name (<c>#!value --name x</c>) with its MIME type, for other cells to use.</summary>
public sealed class ValueStore
{
    private readonly Dictionary<string, (string Text, string MimeType)> values = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="text"/> under <paramref name="name"/>.</summary>
    public void Set(string name, string text, string mimeType = "text/plain")
    {
        lock (values) values[name] = (text, mimeType);
    }

    /// <summary>The text and MIME type stored under a name.</summary>
    public bool TryGet(string name, out string text, out string mimeType)
    {
        lock (values)
        {
            var found = values.TryGetValue(name, out var v);
            (text, mimeType) = v;
            return found;
        }
    }

    /// <summary>The value as C# gets it (<c>#!set --value @value:x</c>): JSON as a JsonDocument, anything else as its text.</summary>
    public object? AsValue(string name)
    {
        if (!TryGet(name, out var text, out var mime)) return null;
        return mime == "application/json" ? JsonDocument.Parse(text) : text;
    }

    /// <summary>The names stored, in order.</summary>
    public IReadOnlyList<string> Names { get { lock (values) return values.Keys.ToList(); } }
}
