using Course.Notebooks.Model;

namespace Course.Notebooks.Parameters;

/// <summary>
/// papermill's parameter injection: a code cell tagged <c>injected-parameters</c> right after the cell tagged
/// <c>parameters</c> (replacing an earlier injected cell), or first when there is no parameters cell.
/// </summary>
public static class ParameterInjector
{
    /// <summary>The tag of the cell holding a notebook's default parameters.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>The tag of the cell the injector writes.</summary>
    public const string InjectedTag = "injected-parameters";

    /// <summary>Injects the parameters; returns a warning when the notebook has no parameters cell, else null.</summary>
    public static string? Inject(Notebook nb, IReadOnlyDictionary<string, object?> parameters)
    {
        if (parameters.Count == 0) return null;
        var injectedAt = nb.Cells.FindIndex(c => c.HasTag(InjectedTag));
        if (injectedAt >= 0) nb.Cells.RemoveAt(injectedAt);

        var lines = new List<string> { "// Parameters" };
        // As the parameters cell declares them (long Seed = 3; not an int), so the type does not change under the notebook.
        var declared = DeclaredParameters.Read(nb).ToDictionary(d => d.Name, d => d.Type);
        lines.AddRange(parameters.Select(p => $"{(declared.GetValueOrDefault(p.Key) is { } type && (p.Value is not null || type == "string") ? type : "var")} {p.Key} = {CSharpLiteral.From(p.Value)};"));
        var cell = Cell.Code(string.Join('\n', lines) + "\n", InjectedTag);
        var pm = nb.Metadata.Section("papermill");
        pm["parameters"] = new System.Text.Json.Nodes.JsonObject(parameters.Select(p => KeyValuePair.Create(p.Key, ParameterValue.ToJson(p.Value))));

        var parametersAt = nb.Cells.FindIndex(c => c.IsCode && c.HasTag(ParametersTag));
        if (parametersAt >= 0)
        {
            nb.Cells.Insert(parametersAt + 1, cell);
            return null;
        }
        nb.Cells.Insert(injectedAt >= 0 ? injectedAt : 0, cell);
        return "the notebook has no cell tagged \"parameters\"; the injected parameters were put " +
               (injectedAt >= 0 ? "where the earlier injected cell was." : "in the first cell.");
    }
}
