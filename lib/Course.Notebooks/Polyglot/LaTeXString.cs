// Polyglot's namespace for these types, which the engine imports in every cell (see ScriptReferences).
namespace Microsoft.DotNet.Interactive.Formatting;

/// <summary>LaTeX shown as typeset math: <c>(LaTeXString)@"\frac{1}{2}"</c> is displayed as text/latex.</summary>
[Course.Notebooks.Formatting.TypeFormatterSource(typeof(LaTeXFormatterSource), PreferredMimeTypes = [MimeType])]
public class LaTeXString(string latexCode)
{
    /// <summary>The MIME type LaTeX is shown in.</summary>
    public const string MimeType = "text/latex";

    private readonly string code = latexCode ?? throw new ArgumentNullException(nameof(latexCode));

    /// <summary>Polyglot's conversion: a string literal becomes LaTeX.</summary>
    public static implicit operator LaTeXString(string source) => new(source);

    /// <summary>The LaTeX code.</summary>
    public override string ToString() => code;
}

/// <summary>
/// Math shown as typeset display math, as Polyglot's <c>MathString</c>: the code is wrapped in <c>$$...$$</c> when it is
/// not already.
/// </summary>
[Course.Notebooks.Formatting.TypeFormatterSource(typeof(LaTeXFormatterSource), PreferredMimeTypes = [LaTeXString.MimeType])]
public class MathString
{
    private readonly string math;

    /// <summary>Math from LaTeX code, with or without the surrounding <c>$$</c>.</summary>
    public MathString(string latexCode)
    {
        ArgumentNullException.ThrowIfNull(latexCode);
        math = latexCode;
        if (!math.StartsWith("$$", StringComparison.Ordinal)) math = "$$" + math;
        if (!math.EndsWith("$$", StringComparison.Ordinal)) math += "$$";
    }

    /// <summary>Polyglot's conversion: a string literal becomes math.</summary>
    public static implicit operator MathString(string source) => new(source);

    /// <summary>The math, in <c>$$...$$</c>.</summary>
    public override string ToString() => math;
}

/// <summary>text/latex for <see cref="LaTeXString"/> and <see cref="MathString"/>: their code as it is.</summary>
internal sealed class LaTeXFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new Course.Notebooks.Formatting.ConventionFormatter(typeof(LaTeXString), LaTeXString.MimeType, v => v.ToString()!),
        new Course.Notebooks.Formatting.ConventionFormatter(typeof(MathString), LaTeXString.MimeType, v => v.ToString()!),
    ];
}
