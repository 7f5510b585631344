namespace Course.Notebooks.Dialect;

/// <summary>
/// The kernel names of Polyglot Notebooks and their aliases, as a cell's first line (<c>#!fsharp</c>), a .dib separator or
/// a cell's metadata names them. This host runs <see cref="CSharp"/> and the display kernels <see cref="Html"/>,
/// <see cref="JavaScript"/>, <see cref="Markdown"/> and <see cref="Value"/>; the others are known so that a cell in them gets a
/// clear error.
/// </summary>
public static class KernelNames
{
    public const string CSharp = "csharp";
    public const string FSharp = "fsharp";
    public const string PowerShell = "pwsh";
    public const string JavaScript = "javascript";
    public const string Html = "html";
    public const string Markdown = "markdown";
    public const string Sql = "sql";
    public const string Kql = "kql";
    public const string Mermaid = "mermaid";
    public const string Http = "http";
    public const string Value = "value";

    private static readonly (string Name, string Language, string[] Aliases)[] Known =
    [
        (CSharp, "C#", ["c#", "C#"]),
        (FSharp, "F#", ["f#", "F#"]),
        (PowerShell, "PowerShell", ["powershell"]),
        (JavaScript, "JavaScript", ["js"]),
        (Html, "HTML", []),
        (Markdown, "Markdown", ["md"]),
        (Sql, "SQL", []),
        (Kql, "KQL", []),
        (Mermaid, "Mermaid", []),
        (Http, "HTTP", []),
        (Value, "value", []),
    ];

    /// <summary>The kernel a name or alias means (<c>c#</c> is csharp), or null when it names none.</summary>
    public static string? Resolve(string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        foreach (var (kernel, _, aliases) in Known)
            if (name == kernel || aliases.Contains(name)) return kernel;
        return null;
    }

    /// <summary>The language a kernel runs, as people name it (C#, F#, PowerShell...).</summary>
    public static string Language(string kernel) => Known.FirstOrDefault(k => k.Name == kernel).Language ?? kernel;

    /// <summary>Whether this host runs cells of the kernel.</summary>
    public static bool RunsHere(string kernel) => kernel is CSharp or Html or JavaScript or Markdown or Value;

    /// <summary>Every known kernel with its aliases (for .dib metadata).</summary>
    public static IEnumerable<(string Name, string Language, IReadOnlyList<string> Aliases)> All
        => Known.Select(k => (k.Name, k.Language, (IReadOnlyList<string>)k.Aliases));
}
