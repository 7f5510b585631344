using System.Text.Json.Nodes;

namespace Course.Notebooks.Model;

/// <summary>Named sections of notebook and cell metadata (<c>papermill</c>, <c>labs</c>...), created on first use.</summary>
public static class MetadataSection
{
    /// <summary>The object under <paramref name="key"/>, added empty when missing (or when something else is there).</summary>
    public static JsonObject Section(this JsonObject metadata, string key)
    {
        if (metadata[key] is JsonObject section) return section;
        var created = new JsonObject();
        metadata[key] = created;
        return created;
    }
}
