namespace Course.Notebooks.Execution;

/// <summary>Progress of a run: which code cell (1-based among code cells) of how many, and the time so far.</summary>
public sealed record CellProgress(CellLabel Cell, int CodeCellNumber, int CodeCellCount, TimeSpan Elapsed, CellStatus? Status = null);
