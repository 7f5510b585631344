namespace Course.Notebooks.Dialect;

/// <summary>
/// What the Polyglot C# dialect lifts out of a cell before Roslyn sees it: <c>#!csharp</c> selectors,
/// <c>#r "nuget: ..."</c>, <c>#r "file.dll"</c>, <c>#i "..."</c> and magic commands (<c>#!time</c>). Lifted lines are
/// left blank so that line numbers in errors still match the cell.
/// </summary>
public sealed record CellDirectives(
    string Code,
    IReadOnlyList<PackageReference> Packages,
    IReadOnlyList<string> Assemblies,
    IReadOnlyList<string> Sources,
    IReadOnlyList<MagicLine> Magics)
{
    /// <summary>True when the cell holds nothing but directives and blank lines.</summary>
    public bool IsCodeEmpty => string.IsNullOrWhiteSpace(Code);
}
