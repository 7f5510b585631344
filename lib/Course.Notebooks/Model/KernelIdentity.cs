using System.Text.Json.Nodes;

namespace Course.Notebooks.Model;

/// <summary>
/// The kernel a C# notebook of this host declares, and the Polyglot metadata it keeps. Jupyter front ends (VS Code's
/// Jupyter extension, JupyterLab, Notebook, nbclient) choose the kernel by <c>kernelspec.name</c>, so notebooks name
/// the kernelspec that <c>labs kernel install</c> writes. Polyglot Notebooks reads <c>polyglot_notebook</c> (and each
/// cell's <c>polyglot_notebook.kernelName</c>), and older versions of it <c>language_info.name</c>: those stay, so a
/// notebook still opens there when its .NET Interactive kernel is chosen.
/// </summary>
public static class KernelIdentity
{
    /// <summary>The kernelspec name <c>labs kernel install</c> writes.</summary>
    public const string Name = "labs-csharp";

    /// <summary>The name front ends show.</summary>
    public const string DisplayName = "C# (labs)";

    /// <summary>The language the kernelspec declares.</summary>
    public const string Language = "C#";

    /// <summary>The notebook metadata <c>kernelspec</c> that selects this kernel.</summary>
    public static JsonObject Kernelspec(string name = Name)
        => new() { ["display_name"] = DisplayName, ["language"] = Language, ["name"] = name };

    /// <summary>
    /// Makes <paramref name="metadata"/> declare this kernel and carry the Polyglot document metadata (kept when
    /// present, added when missing); other entries are left as they are.
    /// </summary>
    public static void Apply(JsonObject metadata)
    {
        metadata["kernelspec"] = Kernelspec();
        if (metadata["language_info"] is null) metadata["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" };
        if (metadata["polyglot_notebook"] is null)
            metadata["polyglot_notebook"] = new JsonObject
            {
                ["kernelInfo"] = new JsonObject
                {
                    ["defaultKernelName"] = "csharp",
                    ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
                },
            };
    }
}
