using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Course.Notebooks.Parameters;

/// <summary>
/// papermill's <c>-f params.yaml</c>: a YAML (or JSON) mapping of parameter names to values; unquoted scalars are typed
/// as YAML reads them (<c>3</c> an int, <c>0.1</c> a double, <c>true</c> a bool), lists and mappings kept.
/// </summary>
public static class ParameterFile
{
    /// <summary>The parameters of the file; a <see cref="ParameterFileException"/> names the file and what is wrong.</summary>
    public static IReadOnlyDictionary<string, object?> Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ParameterFileException($"{path}: cannot read the parameters file ({e.Message}).");
        }
        object? document;
        try
        {
            document = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object?>(text);
        }
        catch (YamlException e)
        {
            throw new ParameterFileException($"{path}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        if (document is null) return new Dictionary<string, object?>();
        if (document is not Dictionary<object, object?> mapping)
            throw new ParameterFileException($"{path}: the parameters file must be a mapping of names to values (e.g. `Epochs: 3`).");
        return mapping.ToDictionary(p => Convert.ToString(p.Key, System.Globalization.CultureInfo.InvariantCulture)!, p => Plain(p.Value));
    }

    private static object? Plain(object? value) => value switch
    {
        Dictionary<object, object?> map => map.ToDictionary(p => Convert.ToString(p.Key, System.Globalization.CultureInfo.InvariantCulture)!, p => Plain(p.Value)),
        List<object?> list => list.Select(Plain).ToList(),
        // YAML integers come as the smallest type that holds them: ints as the command line's -p gives them.
        byte or sbyte or short or ushort or int or uint or long => Convert.ToInt64(value) is var l && l is >= int.MinValue and <= int.MaxValue ? (object)(int)l : l,
        ulong u => u <= long.MaxValue ? (object)(long)u : (double)u,
        // YAML reals come as float when float holds them: as the double the text says (0.05, not 0.0500000007).
        float f => double.Parse(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture),
        decimal m => (double)m,
        _ => value,
    };
}

/// <summary>A parameters file that cannot be read; the message names the file.</summary>
public sealed class ParameterFileException(string message) : Exception(message);
