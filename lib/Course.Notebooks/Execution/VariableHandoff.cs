using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Course.Notebooks.Parameters;

namespace Course.Notebooks.Execution;

/// <summary>
/// Declares C# variables from values the host holds (<c>#!set</c>, <c>#!share</c>): strings, numbers and booleans as literals,
/// other values handed over by key and cast to their type.
/// </summary>
public static partial class VariableHandoff
{
    private static readonly ConcurrentDictionary<string, object?> Pending = new();

    /// <summary>The C# declaration of <paramref name="name"/> holding <paramref name="value"/>.</summary>
    public static string Declaration(string name, object? value)
    {
        if (!Identifier().IsMatch(name)) throw new ArgumentException($"'{name}' is not a C# variable name.", nameof(name));
        if (value is null) return $"object {name} = null;";
        if (value is string or bool or int or long or double) return $"var {name} = {CSharpLiteral.From(value)};";
        var key = Guid.NewGuid().ToString("N");
        Pending[key] = value;
        return $"var {name} = global::{typeof(VariableHandoff).FullName}.Take<{TypeName(value.GetType())}>(\"{key}\");";
    }

    /// <summary>The value handed over under <paramref name="key"/> (once).</summary>
    public static T Take<T>(string key) => Pending.TryRemove(key, out var value) ? (T)value! : throw new KeyNotFoundException(key);

    /// <summary>The C# name of a type, or object when code cannot name it (anonymous, not public).</summary>
    private static string TypeName(Type type)
    {
        if (!(type.IsPublic || type.IsNestedPublic) || type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false)) return "object";
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        var name = "global::" + (type.FullName ?? type.Name).Replace('+', '.');
        if (!type.IsGenericType) return name;
        var arguments = type.GetGenericArguments().Select(TypeName);
        return name[..name.IndexOf('`')] + "<" + string.Join(", ", arguments) + ">";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
