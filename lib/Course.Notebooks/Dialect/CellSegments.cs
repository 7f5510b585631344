namespace Course.Notebooks.Dialect;

/// <summary>A part of a cell run by one kernel: its name, its options (<c>#!value --name x</c>) and its code.</summary>
/// <param name="Kernel">The kernel's name (see <see cref="KernelNames"/>), or the unknown name as written.</param>
/// <param name="Selector">The selector line as written (e.g. <c>#!fsharp</c>), or null for the cell's own kernel.</param>
/// <param name="Code">The segment's code, with every line outside the segment blank, so line numbers are the cell's.</param>
/// <param name="FirstLine">The 1-based line of the cell where the segment's code starts.</param>
public sealed record CellSegment(string Kernel, string? Selector, string Code, int FirstLine)
{
    /// <summary>The code without the blank lines that stand for the rest of the cell.</summary>
    public string Text => Code.Trim('\n', '\r');
}

/// <summary>
/// Splits a cell at Polyglot's kernel selectors: a line at column 0 that is <c>#!</c> and a kernel name or alias
/// (<c>#!csharp</c>, <c>#!html</c>, <c>#!fsharp</c>), or <c>#!value</c> with its options. Other <c>#!</c> lines are
/// magic commands and stay in their segment.
/// </summary>
public static class CellSegments
{
    /// <summary>The segments of <paramref name="source"/>, whose first part runs in <paramref name="defaultKernel"/>.</summary>
    public static List<CellSegment> Split(string source, string defaultKernel = KernelNames.CSharp)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var segments = new List<CellSegment>();
        var kernel = defaultKernel;
        string? selector = null;
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            var next = i < lines.Length ? SelectorOf(lines[i]) : null;
            if (i < lines.Length && next is null) continue;
            if (i > start || selector is not null)
            {
                var code = string.Join('\n', lines.Select((l, n) => n >= start && n < i ? l : ""));
                if (selector is not null || code.Trim().Length > 0 || segments.Count == 0)
                    segments.Add(new CellSegment(kernel, selector, code, start + 1));
            }
            if (next is null) break;
            kernel = next;
            selector = lines[i].TrimEnd();
            lines[i] = "";
            start = i + 1;
        }
        return segments;
    }

    /// <summary>The kernel a line selects, or null when it is not a selector.</summary>
    public static string? SelectorOf(string line)
    {
        if (!line.StartsWith("#!", StringComparison.Ordinal)) return null;
        var name = line[2..].TrimEnd();
        if (KernelNames.Resolve(name) is { } kernel) return kernel;
        return name.StartsWith("value ", StringComparison.Ordinal) ? KernelNames.Value : null;
    }
}
