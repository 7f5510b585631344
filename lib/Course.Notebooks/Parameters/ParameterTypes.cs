using System.Globalization;

namespace Course.Notebooks.Parameters;

/// <summary>
/// Gives each parameter the type its <c>parameters</c> cell declares (<c>-p LearningRate=1</c> is the double 1.0 when the cell
/// says <c>var LearningRate = 0.1;</c>), and warns of names the cell does not declare, as papermill does.
/// </summary>
public static class ParameterTypes
{
    /// <summary>
    /// The values converted to their declared types; a warning for each name the notebook does not declare (it is still
    /// injected). Throws <see cref="ArgumentException"/> naming the parameter when a value cannot be its declared type.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Apply(IReadOnlyList<DeclaredParameter> declared, IReadOnlyDictionary<string, object?> values,
        string notebookName, List<string> warnings)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            var parameter = declared.FirstOrDefault(d => d.Name == name);
            if (parameter is null)
            {
                if (declared.Count > 0)
                    warnings.Add($"{notebookName} declares no parameter '{name}' in its parameters cell (it declares {string.Join(", ", declared.Select(d => d.Name))}); it is injected anyway.");
                result[name] = value;
                continue;
            }
            result[name] = parameter.Type is { } type ? Convert(name, value, type) : value;
        }
        return result;
    }

    /// <summary>The value as the C# type <paramref name="type"/> (int, long, double, float, decimal, bool, string).</summary>
    public static object? Convert(string name, object? value, string type)
    {
        if (value is null) return null;
        var text = System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        object? converted = type switch
        {
            "string" => text,
            "bool" => value is bool b ? b : bool.TryParse(text, out var parsed) ? parsed : null,
            "int" => value is int or long && long.TryParse(text, CultureInfo.InvariantCulture, out var l) && l is >= int.MinValue and <= int.MaxValue ? (int)l
                : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            "long" => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l2) ? l2 : null,
            "double" => value is bool ? null : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            "float" => value is bool ? null : float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : null,
            "decimal" => value is bool ? null : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : null,
            _ => value,
        };
        return converted ?? throw new ArgumentException(
            $"Parameter '{name}' is declared {type} in the parameters cell; '{text}' is not a {type}.");
    }
}
