using System.Globalization;
using System.Text;

namespace Course.Notebooks.Parameters;

/// <summary>C# literals for parameter values, as papermill's C# translator writes them.</summary>
public static class CSharpLiteral
{
    /// <summary>The literal for a value: int, long (with L beyond int32), double, bool, string, list, dictionary, null.</summary>
    public static string From(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l is >= int.MinValue and <= int.MaxValue ? l.ToString(CultureInfo.InvariantCulture) : l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => Double(d),
        float f => float.IsFinite(f) ? Double(f) + "f" : Double(f).Replace("double.", "float."),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
        string s => String(s),
        IDictionary<string, object?> dict => "new Dictionary<string, object>{ " +
            string.Join(", ", dict.Select(kv => $"{{ {String(kv.Key)}, {From(kv.Value)} }}")) + " }",
        System.Collections.IEnumerable list => "new [] { " + string.Join(", ", list.Cast<object?>().Select(From)) + " }",
        _ => String(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Double(double d)
    {
        if (double.IsNaN(d)) return "double.NaN";
        if (double.IsPositiveInfinity(d)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(d)) return "double.NegativeInfinity";
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    /// <summary>A regular C# string literal with escapes.</summary>
    public static string String(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\0' => "\\0",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
