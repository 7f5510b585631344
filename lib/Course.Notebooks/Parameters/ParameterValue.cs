using System.Globalization;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Parameters;

/// <summary>Parses parameter values from the command line (<c>-p name=value</c>) and from profile JSON.</summary>
public static class ParameterValue
{
    /// <summary>
    /// Splits <c>name=value</c> and infers the value's type: int, long, double, true/false, else a string
    /// (quote it, e.g. <c>name="42"</c>, to force a string).
    /// </summary>
    public static KeyValuePair<string, object?> ParseAssignment(string assignment)
    {
        var eq = assignment.IndexOf('=');
        if (eq <= 0)
            throw new ArgumentException($"Parameter '{assignment}' is not of the form name=value (e.g. -p Epochs=3).");
        var name = assignment[..eq].Trim();
        if (!IsIdentifier(name))
            throw new ArgumentException($"Parameter name '{name}' is not a C# identifier.");
        return new(name, Infer(assignment[(eq + 1)..]));
    }

    /// <summary>The typed value of a command-line value.</summary>
    public static object? Infer(string text)
    {
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') return text[1..^1];
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        if (text is "true" or "True") return true;
        if (text is "false" or "False") return false;
        return text;
    }

    /// <summary>The .NET value of a JSON value (numbers as int, long or double; arrays as lists; objects as dictionaries).</summary>
    public static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonArray a => a.Select(FromJson).ToList(),
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => FromJson(kv.Value)),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => node.ToJsonString(),
    };

    /// <summary>The JSON value of a parameter (for papermill's metadata record).</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => b,
        int i => i,
        long l => l,
        double d => d,
        string s => s,
        IDictionary<string, object?> dict => new JsonObject(dict.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToJson).ToArray()),
        _ => value.ToString(),
    };

    private static bool IsIdentifier(string name)
        => name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');
}
