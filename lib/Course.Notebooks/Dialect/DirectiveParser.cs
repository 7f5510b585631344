using System.Text.RegularExpressions;

namespace Course.Notebooks.Dialect;

/// <summary>Parses the Polyglot C# dialect's column-0 directives out of a cell.</summary>
public static partial class DirectiveParser
{
    /// <summary>
    /// Lifts the directives out of the C# code <paramref name="source"/>: <c>#r</c>, <c>#i</c>, and magic commands
    /// (<c>#!time</c>...), which it returns in order for the session to run; a <c>#!csharp</c> selector is dropped. Throws
    /// <see cref="DirectiveException"/> for a malformed directive; its message gives the line within the cell.
    /// </summary>
    public static CellDirectives Parse(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var packages = new List<PackageReference>();
        var assemblies = new List<string>();
        var sources = new List<string>();
        var magics = new List<MagicLine>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                if (CellSegments.SelectorOf(line) != KernelNames.CSharp) magics.Add(MagicLine.Parse(line, i + 1));
                lines[i] = "";
            }
            else if (line.StartsWith("#r ", StringComparison.Ordinal) || line.StartsWith("#i ", StringComparison.Ordinal))
            {
                var argument = QuotedArgument(line, i + 1);
                if (line[1] == 'i')
                    sources.Add(StripNuGetPrefix(argument) ?? argument);
                else if (StripNuGetPrefix(argument) is { } package)
                    packages.Add(ParsePackage(package, i + 1));
                else
                    assemblies.Add(argument);
                lines[i] = "";
            }
        }
        return new CellDirectives(string.Join('\n', lines), packages, assemblies, sources, magics);
    }

    private static string QuotedArgument(string line, int lineNumber)
    {
        var m = Quoted().Match(line);
        if (!m.Success)
            throw new DirectiveException(lineNumber, $"Malformed directive '{line}': expected {line[..2]} \"argument\" with the argument in double quotes.");
        return m.Groups[1].Value.Trim();
    }

    private static string? StripNuGetPrefix(string argument)
        => argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) ? argument["nuget:".Length..].Trim() : null;

    private static PackageReference ParsePackage(string text, int lineNumber)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || parts[0].Length == 0 || parts[0].Contains(' '))
            throw new DirectiveException(lineNumber, $"Malformed package reference 'nuget: {text}': write #r \"nuget: Name, Version\".");
        var version = parts.Length == 2 && parts[1].Length > 0 ? parts[1] : null;
        return new PackageReference(parts[0], version);
    }

    [GeneratedRegex("^#[ri]\\s+\"([^\"]*)\"\\s*(//.*)?$")]
    private static partial Regex Quoted();
}

/// <summary>A directive the dialect does not accept; <see cref="Line"/> is 1-based within the cell.</summary>
public sealed class DirectiveException(int line, string message) : Exception(message)
{
    /// <summary>The 1-based line within the cell.</summary>
    public int Line { get; } = line;
}
