using Course.Notebooks.Model;
using Course.Notebooks.Parameters;

namespace Course.Cli.Running;

/// <summary>
/// What `labs run` applies to every notebook: parameters (-p, and -f files, papermill's), profile, per-cell timeout,
/// continue-on-error.
/// </summary>
public sealed record NotebookSettings(
    IReadOnlyList<string> Parameters,
    string? Profile,
    double? TimeoutSeconds,
    bool ContinueOnError,
    IReadOnlyList<string>? ParameterFiles = null)
{
    /// <summary>
    /// The profile's parameters, overridden by the -f files' in order, then by the -p ones, each converted to the type its
    /// parameters cell declares (a name it does not declare gets a warning); throws with a clear message on a bad value,
    /// a bad file or a profile the notebook's profiles lack. A notebook that defines no profiles runs with its defaults
    /// and a warning.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Resolve(Notebook nb, string notebookPath, List<string> warnings)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Profile is not null && !Profiles.Defined(nb, notebookPath))
            warnings.Add($"{Path.GetFileName(notebookPath)} defines no profiles; --profile {Profile} is ignored and its defaults are used.");
        else if (Profile is not null)
            foreach (var (name, value) in Profiles.Load(nb, notebookPath, Profile)) values[name] = value;
        foreach (var file in ParameterFiles ?? [])
            foreach (var (name, value) in ParameterFile.Read(file)) values[name] = value;
        foreach (var assignment in Parameters)
        {
            var (name, value) = ParameterValue.ParseAssignment(assignment);
            values[name] = value;
        }
        return ParameterTypes.Apply(DeclaredParameters.Read(nb), values, Path.GetFileName(notebookPath), warnings);
    }

    /// <summary>The arguments that pass these settings on to a `labs run-one` child.</summary>
    public IEnumerable<string> ToArguments()
    {
        foreach (var p in Parameters) { yield return "-p"; yield return p; }
        if (Profile is not null) { yield return "--profile"; yield return Profile; }
        if (TimeoutSeconds is { } t) { yield return "--timeout"; yield return t.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        if (ContinueOnError) yield return "--continue-on-error";
        foreach (var f in ParameterFiles ?? []) { yield return "-f"; yield return Path.GetFullPath(f); }
    }
}
