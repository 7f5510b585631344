using System.Text.Json.Nodes;
using Course.Notebooks.Model;

namespace Course.Notebooks.Parameters;

/// <summary>
/// Named parameter sets (<c>--profile quick</c>): from the notebook's metadata <c>labs.profiles.NAME</c>, or from
/// NOTEBOOK.profiles.json beside it (<c>{"quick": {"Epochs": 1}}</c>); the file wins over the metadata.
/// </summary>
public static class Profiles
{
    /// <summary>The file beside a notebook that may hold its profiles.</summary>
    public static string FileFor(string notebookPath)
        => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(notebookPath))!, Path.GetFileNameWithoutExtension(notebookPath) + ".profiles.json");

    /// <summary>Whether the notebook defines any profile (in its metadata or a file beside it).</summary>
    public static bool Defined(Notebook nb, string? notebookPath)
        => (notebookPath is not null && File.Exists(FileFor(notebookPath))) || nb.Metadata["labs"]?["profiles"] is JsonObject;

    /// <summary>The parameters of profile <paramref name="name"/>; a <see cref="ProfileNotFoundException"/> lists the known ones.</summary>
    public static IReadOnlyDictionary<string, object?> Load(Notebook nb, string? notebookPath, string name)
    {
        var known = new List<string>();
        if (notebookPath is not null && File.Exists(FileFor(notebookPath)))
        {
            var file = JsonNode.Parse(File.ReadAllText(FileFor(notebookPath))) as JsonObject
                       ?? throw new ProfileNotFoundException($"{FileFor(notebookPath)} must hold a JSON object of profiles.");
            if (file[name] is JsonObject fromFile) return ToDictionary(fromFile);
            known.AddRange(file.Select(p => p.Key));
        }
        if (nb.Metadata["labs"]?["profiles"] is JsonObject inMetadata)
        {
            if (inMetadata[name] is JsonObject fromMetadata) return ToDictionary(fromMetadata);
            known.AddRange(inMetadata.Select(p => p.Key));
        }
        var where = notebookPath is null ? "the notebook" : Path.GetFileName(notebookPath);
        throw new ProfileNotFoundException(known.Count == 0
            ? $"{where} defines no profiles: add metadata.labs.profiles.{name} or a {Path.GetFileName(FileFor(notebookPath ?? "NOTEBOOK.ipynb"))} file."
            : $"{where} has no profile '{name}'; known profiles: {string.Join(", ", known.Distinct())}.");
    }

    private static Dictionary<string, object?> ToDictionary(JsonObject o) => o.ToDictionary(p => p.Key, p => ParameterValue.FromJson(p.Value));
}

/// <summary>A profile that the notebook does not define.</summary>
public sealed class ProfileNotFoundException(string message) : Exception(message);
