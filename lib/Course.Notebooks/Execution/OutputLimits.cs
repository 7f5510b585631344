namespace Course.Notebooks.Execution;

/// <summary>
/// How much output one cell may keep: stream text (stdout and stderr together, in characters) and the number of
/// outputs. What goes past either is dropped and counted, and one note says so at the end of the cell's stream.
/// </summary>
public sealed record OutputLimits(long MaxStreamChars, int MaxOutputs)
{
    /// <summary>No limit.</summary>
    public static OutputLimits None { get; } = new(long.MaxValue, int.MaxValue);

    /// <summary>The note that replaces dropped output.</summary>
    public static string DroppedNote(long chars, int outputs, OutputLimits limits)
        => $"\n[output capped: {chars:N0} more characters and {outputs:N0} more outputs were not kept (limit {limits.MaxStreamChars:N0} characters and {limits.MaxOutputs:N0} outputs a cell)]\n";
}
