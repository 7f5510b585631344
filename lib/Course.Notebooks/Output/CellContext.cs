namespace Course.Notebooks.Output;

/// <summary>The cell executing on the current async flow (and the tasks it starts): where displays and Console output go.</summary>
public static class CellContext
{
    private static readonly AsyncLocal<CellOutputSink?> current = new();

    /// <summary>The current cell's sink, or null outside cell execution.</summary>
    public static CellOutputSink? Current { get => current.Value; internal set => current.Value = value; }
}
