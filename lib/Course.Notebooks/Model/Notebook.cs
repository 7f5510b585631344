using System.Text.Json.Nodes;

namespace Course.Notebooks.Model;

/// <summary>An nbformat 4 notebook: cells and metadata. Read and written by <see cref="NotebookFile"/>.</summary>
public sealed class Notebook
{
    /// <summary>Notebook metadata, kept as read (kernelspec, language_info, polyglot_notebook, papermill, labs...).</summary>
    public JsonObject Metadata { get; set; } = new();

    /// <summary>The cells in order.</summary>
    public List<Cell> Cells { get; } = [];

    /// <summary>Always 4.</summary>
    public int NbFormat { get; set; } = 4;

    /// <summary>Written as 5 (cell ids); older notebooks are upgraded on read.</summary>
    public int NbFormatMinor { get; set; } = 5;

    /// <summary>Top-level fields this engine does not model, written back as read.</summary>
    public JsonObject Extra { get; } = new();

    /// <summary>A new empty C# notebook declaring this host's kernel, with Polyglot-compatible metadata (<see cref="KernelIdentity"/>).</summary>
    public static Notebook NewCSharp()
    {
        var nb = new Notebook();
        KernelIdentity.Apply(nb.Metadata);
        return nb;
    }

    /// <summary>Makes every cell id valid and unique (replacing missing, invalid or repeated ones).</summary>
    public void NormalizeIds()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in Cells)
        {
            if (!CellIds.IsValid(cell.Id) || !seen.Add(cell.Id))
            {
                do cell.Id = CellIds.New(); while (!seen.Add(cell.Id));
            }
        }
    }

    /// <summary>A deep copy (outputs and metadata included).</summary>
    public Notebook Clone() => NotebookFile.Parse(NotebookFile.Serialize(this));
}
