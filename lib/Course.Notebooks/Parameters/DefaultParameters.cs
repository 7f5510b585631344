using System.Text.Json.Nodes;

namespace Course.Notebooks.Parameters;

/// <summary>The defaults a notebook's <c>parameters</c> cell declares (<c>var Epochs = 2;</c>), for papermill's <c>default_parameters</c>.</summary>
public static class DefaultParameters
{
    /// <summary>Name to value for each variable of the parameters cell initialised with a literal (others are skipped).</summary>
    public static JsonObject Read(Model.Notebook nb)
    {
        var result = new JsonObject();
        foreach (var p in DeclaredParameters.Read(nb))
            if (p.Default is not null) result[p.Name] = p.Default.DeepClone();
        return result;
    }
}
