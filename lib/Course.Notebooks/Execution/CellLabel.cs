namespace Course.Notebooks.Execution;

/// <summary>Names a cell in messages: its 1-based position among the notebook's cells and its id.</summary>
public sealed record CellLabel(int Index, string Id)
{
    /// <summary>"cell 3 (id 1a2b3c4d)".</summary>
    public override string ToString() => $"cell {Index} (id {Id})";

    /// <summary>The file name Roslyn records for this cell, used to find its lines in stack traces.</summary>
    public string FileName => $"cell{Index}_{Id}.csx";
}
