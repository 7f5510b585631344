using Course.Notebooks.Model;
using Course.Notebooks.Parameters;

namespace Course.Cli.Running;

/// <summary>What `labs run` applies to every notebook: parameters, profile, per-cell timeout, continue-on-error.</summary>
public sealed record NotebookSettings(
    IReadOnlyList<string> Parameters,
    string? Profile,
    double? TimeoutSeconds,
    bool ContinueOnError)
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

    /// <summary>The arguments that pass these settings on to a `labs run-one` child.</summary>
    public IEnumerable<string> ToArguments()
    {
        foreach (var p in Parameters) { yield return "-p"; yield return p; }
        if (Profile is not null) { yield return "--profile"; yield return Profile; }
        if (TimeoutSeconds is { } t) { yield return "--timeout"; yield return t.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        if (ContinueOnError) yield return "--continue-on-error";
    }
}
