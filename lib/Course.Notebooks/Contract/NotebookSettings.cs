using System.Text.Json;
using System.Text.Json.Serialization;
using Course.Notebooks.Model;
using Course.Notebooks.Parameters;

namespace Course.Notebooks.Contract;

/// <summary>
/// What is applied to every notebook of a run or a grading: parameters (name=value), profile, per-cell timeout,
/// continue-on-error. Passed between processes as JSON (<see cref="ToJson"/>), never as re-parsed command lines.
/// </summary>
public sealed record NotebookSettings(
    [property: JsonPropertyName("parameters")] IReadOnlyList<string> Parameters,
    [property: JsonPropertyName("profile")] string? Profile,
    [property: JsonPropertyName("timeout_s")] double? TimeoutSeconds,
    [property: JsonPropertyName("continue_on_error")] bool ContinueOnError)
{
    /// <summary>
    /// The profile's parameters overridden by the -p ones; throws with a clear message on a bad value or on a profile
    /// the notebook's profiles lack. A notebook that defines no profiles runs with its defaults and a warning.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Resolve(Notebook nb, string notebookPath, List<string> warnings)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Profile is not null && !Profiles.Defined(nb, notebookPath))
            warnings.Add($"{Path.GetFileName(notebookPath)} defines no profiles; --profile {Profile} is ignored and its defaults are used.");
        else if (Profile is not null)
            foreach (var (name, value) in Profiles.Load(nb, notebookPath, Profile)) values[name] = value;
        foreach (var assignment in Parameters)
        {
            var (name, value) = ParameterValue.ParseAssignment(assignment);
            values[name] = value;
        }
        return values;
    }

    /// <summary>The first problem with these settings (a bad -p assignment, a timeout that is not positive), or null.</summary>
    public string? Validate()
    {
        if (TimeoutSeconds is <= 0 || TimeoutSeconds is double.NaN) return "--timeout must be a positive number of seconds.";
        foreach (var p in Parameters)
        {
            try { ParameterValue.ParseAssignment(p); }
            catch (ArgumentException e) { return e.Message; }
        }
        return null;
    }

    /// <summary>The settings as one line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Settings written by <see cref="ToJson"/>; a clear <see cref="FormatException"/> otherwise.</summary>
    public static NotebookSettings FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<NotebookSettings>(json) is { Parameters: not null } settings
                ? settings
                : throw new FormatException("the notebook settings are empty.");
        }
        catch (JsonException e) { throw new FormatException($"the notebook settings are not valid JSON ({e.Message})."); }
    }
}
